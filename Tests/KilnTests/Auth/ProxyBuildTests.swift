import Foundation
import KilnAPI
import Testing

/// The whole pipeline through a corporate proxy, as a self-hosted agent runs it: `kiln build`, the
/// real binary, against a workspace whose host name resolves nowhere, so that every call must go
/// through the forward proxy on loopback, with credentials that appear in no output.
@Suite("Auth: a build through a proxy", .timeLimit(.minutes(3)))
struct ProxyBuildTests {
    @Test func theRExampleBuildsThroughTheProxy() async throws {
        let password = "proxy-pass-\(UUID().uuidString)"
        let proxy = try await ForwardProxy(username: "agent", password: password)
        defer { proxy.stop() }
        let repository = try await ExampleRepository("r-model")
        try await ServerFixture.run { api in
            let home = TemporaryFolder()
            let host = "http://kiln-workspace.test:\(api.port)"
            _ = try home.write(".databrickscfg", "[ci]\nhost = \(host)\ntoken = \(api.token)\n")
            var environment = TestRepository.environment
            environment["HOME"] = home.url.path
            environment["HTTPS_PROXY"] = "http://agent:\(password)@127.0.0.1:\(proxy.port)"
            environment["HTTP_PROXY"] = environment["HTTPS_PROXY"]
            let result = try await runProcess(
                KilnBinary.url, ["build", "--force", "--target", "workspace", "--build-id", "proxied", "--verbose"],
                environment: environment, directory: repository.url)
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            #expect(result.stdout.contains("Tests: 6 (6 passed, 0 failed"), "\(result.stdout)")
            let requests = proxy.requests
            #expect(!requests.isEmpty && requests.allSatisfy { $0 == "CONNECT kiln-workspace.test:\(api.port) authorized" }, "\(requests)")
            #expect(!(result.stdout + result.stderr).contains(password), "the proxy's password was printed")
            #expect(!(result.stdout + result.stderr).contains(api.token), "the token was printed")
            let runs = try await api.engine.databricks.jobs.listRuns(RunsListQuery()).runs ?? []
            #expect(runs.count == 1 && runs.first?.state.resultState == .success)
        }
    }
}
