import Foundation
import HTTPTypes
import HummingbirdTesting
import KilnAPI
import KilnServer
import Testing

/// A workspace's published rate limits, per endpoint: `kiln serve --rate-limits databricks`
/// enforces them as the service does, and Kiln's staging keeps to them while sending notebooks
/// and artifacts at once.
@Suite("Server: rate limits per endpoint", .timeLimit(.minutes(3)))
struct RateLimitTests {
    @Test func pastAnEndpointsLimitTheServerAnswers429WithRetryAfter() async throws {
        try await ServerFixture.run(rateLimits: EndpointRateLimit.databricks) { api in
            _ = try await api.call(.post, "/api/2.0/workspace/mkdirs", json: #"{"path": "/Shared/limits"}"#)
            // 120 imports at once: a bucket of 30, refilled at 30 a second, cannot take them all.
            let statuses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for index in 0..<120 {
                    group.addTask {
                        try await api.call(
                            .post, "/api/2.0/workspace/import",
                            json:
                                #"{"path": "/Shared/limits/n\#(index)", "language": "PYTHON", "content": "cHJpbnQoMSk=", "overwrite": true}"#
                        )
                    }
                }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            let refused = statuses.filter { $0.status.code == 429 }
            let accepted = statuses.filter { $0.status.code == 200 }
            #expect(accepted.count >= 30, "\(statuses.map(\.status.code))")
            #expect(!refused.isEmpty && accepted.count + refused.count == 120, "\(statuses.map(\.status.code))")
            for response in refused {
                #expect(ServerAPI.errorCode(response) == "REQUEST_LIMIT_EXCEEDED")
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1, "\(response.headers)")
                #expect(String(buffer: response.body).contains("workspace/import"))
            }
            // Other endpoints have limits of their own, or none published: they are not held back.
            #expect(try await api.call(.post, "/api/2.0/dbfs/mkdirs", json: #"{"path": "/limits"}"#).status.code == 200)
            for _ in 0..<40 {
                #expect(try await api.call(.get, "/api/2.0/workspace/get-status?path=/Shared/limits").status.code == 200)
            }
        }
    }

    @Test func withoutTheOptionNothingIsLimited() async throws {
        try await ServerFixture.run { api in
            for _ in 0..<40 {
                let answer = try await api.call(.post, "/api/2.0/dbfs/mkdirs", json: #"{"path": "/free"}"#)
                #expect(answer.status.code == 200)
            }
        }
    }

    /// 70 notebooks (past one second of imports) and three artifacts, one of 20 MB, staged by the
    /// real `kiln stage` against the real `kiln serve --rate-limits databricks`: no call meets a
    /// 429, every artifact goes in one call, and the artifacts go while the notebooks do.
    @Test func kilnStagesWithinTheLimitsNotebooksAndArtifactsAtOnce() async throws {
        let repository = try TestRepository(
            config: """
                repo: paced
                notebooks: notebooks
                artifacts: ["models/**"]
                workspace_root: /Shared/build
                storage_root: dbfs:/kiln/build
                job:
                  template: databricks/job-template.json
                  notebook: area_0/n0
                targets:
                  served: {}
                target: served
                """)
        for index in 0..<70 {
            try repository.write("notebooks/area_\(index % 2)/n\(index).py", "# Databricks notebook source\nprint(\(index))\n")
        }
        let model = Data.pattern(20 * 1024 * 1024 + 3)
        try FileManager.default.createDirectory(at: repository.url.appendingPathComponent("models"), withIntermediateDirectories: true)
        try model.write(to: repository.url.appendingPathComponent("models/model.rds"))
        try repository.write("models/a.csv", "x\n1\n")
        try repository.write("models/b.csv", "y\n2\n")
        try await repository.initGit()

        let state = TemporaryFolder()
        let record = state.path("requests.jsonl")
        let server = try await ServeProcess(
            state: state.path("engine"), arguments: ["--rate-limits", "databricks", "--record", record.path])
        var environment = TestRepository.environment
        environment["DATABRICKS_HOST"] = server.url
        environment["DATABRICKS_TOKEN"] = server.token
        let staged = try await runProcess(
            KilnBinary.url, ["stage", "--build-id", "paced"], environment: environment, directory: repository.url)
        await server.stop()
        #expect(staged.status == 0, "\(staged.stderr)")

        let requests = try RequestRecorder.records(in: record)
        #expect(!requests.contains { $0.status == 429 }, "\(requests.filter { $0.status == 429 }.count) calls met the limit")
        let imports = requests.indices.filter { requests[$0].path == "/api/2.0/workspace/import" }
        let artifactPuts = requests.indices.filter {
            requests[$0].path == "/api/2.0/dbfs/put" && requests[$0].contentType?.hasPrefix("multipart/form-data") == true
        }
        #expect(imports.count == 70)
        #expect(artifactPuts.count == 3 + 2, "one call a file, the 20 MB one too, and the manifest's two writes")
        #expect(!requests.contains { $0.path.hasPrefix("/api/2.0/dbfs/add-block") })
        #expect(try #require(artifactPuts.first) < imports.last!, "the artifacts waited for the notebooks")
        let copy = state.path("engine/dbfs/kiln/build/paced/paced/models/model.rds")
        #expect(try Data(contentsOf: copy) == model)
    }
}
