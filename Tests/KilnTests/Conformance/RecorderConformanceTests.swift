import Foundation
import HTTPTypes
import HummingbirdTesting
import KilnClient
import KilnEngine
import KilnServer
import NIOCore
import Testing

/// `kiln serve --record`: every request's shape in a JSON Lines file, and never a secret.
@Suite("kiln serve --record", .timeLimit(.minutes(2)))
struct RecorderConformanceTests {
    @Test func recordsTheShapeOfEachRequestButNoSecretOrValue() async throws {
        let folder = TemporaryFolder()
        let recorder = try RequestRecorder(file: folder.path("requests.jsonl"))
        let token = try await ServerFixture.run(recorder: recorder) { api in
            let body = #"{"path": "/Shared/value-not-key", "extra": {"nested": [{"deep": true}, {"deeper": 1}], "empty": {}}}"#
            _ = try await api.call(
                .post, "/api/2.0/workspace/mkdirs?access_token=query-secret&hint=shown", json: body,
                headers: [.userAgent: "recorder-test/1.0"])
            _ = try await api.call(
                .post, "/oidc/v1/token", body: Data("grant_type=client_credentials&client_secret=form-secret&scope=all-apis".utf8),
                auth: .none, headers: [.contentType: "application/x-www-form-urlencoded"])
            _ = try await api.call(.get, "/api/2.0/workspace/list?path=/", auth: .none)
            return api.token
        }
        let records = try RequestRecorder.records(in: recorder.file)
        try #require(records.count == 3)
        let (mkdirs, oauth, unauthenticated) = (records[0], records[1], records[2])
        #expect(mkdirs.method == "POST" && mkdirs.path == "/api/2.0/workspace/mkdirs" && mkdirs.status == 200)
        #expect((try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(mkdirs.time)) != nil)
        #expect(mkdirs.query == ["access_token": RecordedRequest.masked, "hint": "shown"])
        #expect(mkdirs.contentType == "application/json")
        #expect(mkdirs.bodyKeys == ["extra", "extra.empty", "extra.nested", "extra.nested[].deep", "extra.nested[].deeper", "path"])
        #expect(
            mkdirs.bodyTypes == [
                "extra": "object", "extra.empty": "object", "extra.nested": "array", "extra.nested[].deep": "boolean",
                "extra.nested[].deeper": "number", "path": "string",
            ])
        #expect(mkdirs.headers["user-agent"] == "recorder-test/1.0")
        #expect(mkdirs.credentialHeaders == ["authorization"])
        #expect(oauth.bodyKeys == ["client_secret", "grant_type", "scope"] && oauth.bodyTypes == nil)
        #expect(oauth.status >= 400, "no OAuth client is configured")
        #expect(unauthenticated.status == 401 && unauthenticated.credentialHeaders.isEmpty && unauthenticated.bodyKeys == nil)
        let text = try String(contentsOf: recorder.file, encoding: .utf8)
        for secret in [token, "query-secret", "form-secret", "value-not-key", "client_credentials"] {
            #expect(!text.contains(secret), "\(secret) is not in the record")
        }
    }

    /// Through the router, without a socket: a server that answers before it read a whole upload
    /// leaves a socket client waiting on its send, which is not what is tested here.
    @Test func aBodyTooLargeToReadIsRefusedAndRecorded() async throws {
        let folder = TemporaryFolder()
        let recorder = try RequestRecorder(file: folder.path("requests.jsonl"))
        let engine = try await Engine(state: StateFolder(folder.path("state")))
        var configuration = ServerConfiguration(token: ServerConfiguration.generateToken())
        configuration.recorder = recorder
        let status = try await buildApplication(engine: engine, configuration: configuration).test(.router) { client in
            let body = ByteBuffer(repeating: UInt8(ascii: " "), count: 17 * 1024 * 1024)
            return try await client.execute(
                uri: "/api/2.0/workspace/import", method: .post, headers: [.contentType: "application/json"], body: body
            ).status
        }
        await engine.stopActiveRuns()
        #expect(status.code == 413)
        let records = try RequestRecorder.records(in: recorder.file)
        #expect(records.map { "\($0.path) \($0.status) \($0.bodyKeys == nil)" } == ["/api/2.0/workspace/import 413 true"])
    }

    @Test func serveWritesTheRecordAsJSONLines() async throws {
        let folder = TemporaryFolder()
        let file = folder.path("requests.jsonl")
        let server = try await ServeProcess(state: folder.path("state"), arguments: ["--record", file.path])
        let configuration = try WorkspaceConfiguration(
            host: server.url, credentials: .personalAccessToken(Secret(server.token)), settings: .forTests())
        try await withDatabricksClient(configuration) { client in try await client.databricks.workspace.mkdirs("/Shared/recorded") }
        #expect(await server.stop() == 0)
        let records = try RequestRecorder.records(in: file)
        #expect(records.map { "\($0.method) \($0.path) \($0.status)" } == ["POST /api/2.0/workspace/mkdirs 200"])
        #expect(records.first?.bodyKeys == ["path"])
        #expect(!(try String(contentsOf: file, encoding: .utf8)).contains(server.token))
    }

    @Test func aRecordFileThatCannotBeWrittenIsAUsageError() async throws {
        let folder = TemporaryFolder()
        let result = try await runProcess(
            KilnBinary.url, ["serve", "--state", folder.path("state").path, "--record", folder.path("missing/requests.jsonl").path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("--record"))
    }
}
