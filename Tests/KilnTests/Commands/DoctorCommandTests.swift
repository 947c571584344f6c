import Foundation
import KilnAPI
import Testing

/// `kiln doctor` as a user runs it: one line per check, the credential named and never shown,
/// exit 0 when all passed, 3 for the configuration, 4 for the workspace or the network.
@Suite("kiln doctor", .timeLimit(.minutes(2)))
struct DoctorCommandTests {
    /// A workspace target whose profile `ci` points at `host` with `token`.
    private func workspaceEnvironment(
        host: String, token: String, profileLines: String = "", extra: [String: String] = [:]
    ) throws -> ([String: String], TemporaryFolder) {
        let home = TemporaryFolder()
        _ = try home.write(".databrickscfg", "[ci]\nhost = \(host)\ntoken = \(token)\n\(profileLines)")
        var environment = TestRepository.environment.merging(extra) { _, new in new }
        environment["HOME"] = home.url.path
        return (environment, home)
    }

    private func doctor(_ arguments: [String], environment: [String: String], in repository: ExampleRepository) async throws
        -> ProcessResult
    {
        try await runProcess(KilnBinary.url, ["doctor"] + arguments, environment: environment, directory: repository.url)
    }

    @Test func theLocalTargetPassesEveryCheck() async throws {
        let repository = try await ExampleRepository("r-model")
        let state = TemporaryFolder()
        let result = try await doctor(["--state", state.path("engine").path], environment: TestRepository.environment, in: repository)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        for line in [
            "✓ configuration: ", "✓ target: the embedded engine", "✓ R with testthat and xml2: ", "✓ Python: ",
            "✓ host: the embedded engine answers",
            "✓ credentials: accepted, as ", "✓ cluster 0000-000000-kilnlocal: kiln embedded engine, RUNNING",
            "✓ workspace root: /Shared/build takes notebooks",
            "✓ storage root: dbfs:/kiln/build takes files",
        ] {
            #expect(result.stdout.contains(line), "missing '\(line)' in:\n\(result.stdout)")
        }
        #expect(!result.stdout.contains("✗"))
    }

    @Test func aMissingRuntimeExitsThreeSayingWhatToInstall() async throws {
        let repository = try await ExampleRepository("r-model")
        let state = TemporaryFolder()
        var environment = TestRepository.environment
        environment["KILN_RSCRIPT"] = "/nonexistent/Rscript"
        let result = try await doctor(["--state", state.path("engine").path], environment: environment, in: repository)
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("✗ R with testthat and xml2: /nonexistent/Rscript: cannot be started"), "\(result.stdout)")
        #expect(result.stdout.contains("fix: install them: sudo apt-get install r-base-core r-cran-testthat r-cran-xml2"))
    }

    /// Against `kiln serve`: the credential is named (a personal access token, from the profile),
    /// the token never printed, and the probes leave nothing behind.
    @Test func aWorkspaceTargetPassesAndNamesItsCredentialOnly() async throws {
        let repository = try await ExampleRepository("r-model")
        try await ServerFixture.run { api in
            let (environment, home) = try workspaceEnvironment(host: api.baseURL, token: api.token)
            let result = try await doctor(["--target", "workspace"], environment: environment, in: repository)
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            #expect(
                result.stdout.contains("✓ target: \(api.baseURL) with personal access token (host from profile [ci]"), "\(result.stdout)")
            #expect(result.stdout.contains("✓ credentials: accepted, as "))
            #expect(result.stdout.contains("✓ storage root: dbfs:/kiln/build takes files"))
            #expect(!(result.stdout + result.stderr).contains(api.token))
            #expect(try await api.engine.databricks.workspace.list("/Shared/build").isEmpty, "the probe folder was deleted")
            #expect(try await api.engine.databricks.dbfs.list("/kiln/build").isEmpty, "the probe file was deleted")
            _ = home
        }
    }

    @Test func aRefusedTokenExitsThree() async throws {
        let repository = try await ExampleRepository("r-model")
        try await ServerFixture.run { api in
            let (environment, home) = try workspaceEnvironment(host: api.baseURL, token: "dapi-wrong-token-0123456789")
            let result = try await doctor(["--target", "workspace"], environment: environment, in: repository)
            #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
            #expect(result.stdout.contains("✓ host: \(api.baseURL) answers"))
            #expect(result.stdout.contains("✗ credentials: refused (401"), "\(result.stdout)")
            #expect(!result.stdout.contains("✓ workspace root"), "nothing else is tried with credentials that were refused")
            #expect(!(result.stdout + result.stderr).contains("dapi-wrong-token-0123456789"))
            _ = home
        }
    }

    @Test func anUnknownClusterExitsThreeNamingIt() async throws {
        let repository = try await ExampleRepository("r-model")
        try await ServerFixture.run { api in
            let (environment, home) = try workspaceEnvironment(
                host: api.baseURL, token: api.token, extra: ["DATABRICKS_CLUSTER_ID": "0101-no-such-cluster"])
            let result = try await doctor(["--target", "workspace"], environment: environment, in: repository)
            #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
            #expect(result.stdout.contains("✗ cluster 0101-no-such-cluster: not found"), "\(result.stdout)")
            #expect(result.stdout.contains("✓ storage root"), "the other checks still ran")
            _ = home
        }
    }

    @Test func anUnreachableHostExitsFour() async throws {
        let repository = try await ExampleRepository("r-model")
        let (environment, home) = try workspaceEnvironment(
            host: "http://127.0.0.1:1", token: "dapi-unused", profileLines: "retry_timeout_seconds = 1\n")
        let result = try await doctor(["--target", "workspace"], environment: environment, in: repository)
        #expect(result.status == 4, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("✗ host: http://127.0.0.1:1 cannot be reached"), "\(result.stdout)")
        _ = home
    }

    @Test func missingCredentialsExitThree() async throws {
        let repository = try await ExampleRepository("r-model")
        let home = TemporaryFolder()
        var environment = TestRepository.environment
        environment["HOME"] = home.url.path
        let workspace = try await doctor(["--target", "workspace"], environment: environment, in: repository)
        #expect(workspace.status == 3, "\(workspace.stdout)\n\(workspace.stderr)")
        #expect(
            workspace.stdout.contains("✗ configuration: profile [ci] was asked for by target workspace in kiln.yml"), "\(workspace.stdout)")
    }
}
