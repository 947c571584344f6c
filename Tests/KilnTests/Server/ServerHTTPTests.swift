import Foundation
import HTTPTypes
import KilnAPI
import Testing

@testable import KilnEngine

/// HTTP-level checks of `kiln serve`: statuses, error codes and bodies as Databricks answers them.
@Suite("Server: HTTP", .timeLimit(.minutes(2)))
struct ServerHTTPTests {
    @Test func everyRequestNeedsTheToken() async throws {
        try await ServerFixture.run { api in
            let none = try await api.call(.get, "/api/2.0/workspace/list?path=/", auth: .none)
            #expect(none.status == .unauthorized)
            #expect(ServerAPI.errorCode(none) == "UNAUTHENTICATED")
            let wrong = try await api.call(.get, "/api/2.0/workspace/list?path=/", auth: .token(api.token + "x"))
            #expect(wrong.status == .unauthorized)
            let right = try await api.call(.get, "/api/2.0/workspace/list?path=/")
            #expect(right.status == .ok)
            #expect(try ServerAPI.decode(WorkspaceList.self, right).objects?.map(\.path) == ["/Repos", "/Shared", "/Users"])
            // The run page shell holds no data and asks for the token itself.
            #expect(try await api.call(.get, "/", auth: .none).status == .ok)
        }
    }

    @Test func unknownEndpointsAndMalformedBodies() async throws {
        try await ServerFixture.run { api in
            let unknown = try await api.call(.get, "/api/2.0/nothing/here")
            #expect(unknown.status == .notFound)
            #expect(ServerAPI.errorCode(unknown) == "ENDPOINT_NOT_FOUND")
            let wrongMethod = try await api.call(.get, "/api/2.0/workspace/mkdirs")
            #expect(ServerAPI.errorCode(wrongMethod) == "ENDPOINT_NOT_FOUND")
            let malformed = try await api.call(.post, "/api/2.0/workspace/mkdirs", json: "{\"path\": ")
            #expect(malformed.status == .badRequest)
            #expect(ServerAPI.errorCode(malformed) == "MALFORMED_REQUEST")
            let missingField = try await api.call(.post, "/api/2.1/jobs/runs/cancel", json: "{}")
            #expect(ServerAPI.errorCode(missingField) == "MALFORMED_REQUEST")
            #expect(String(buffer: missingField.body).contains("run_id"))
        }
    }

    @Test func aBodyOverTheLimitIsRefused() async throws {
        try await ServerFixture.run { api in
            let huge = String(repeating: "a", count: 17 * 1024 * 1024)
            let response = try await api.call(
                .post, "/api/2.0/workspace/import", json: "{\"path\": \"/Shared/x\", \"content\": \"\(huge)\"}")
            #expect(response.status.code == 413)
            #expect(ServerAPI.errorCode(response) == "REQUEST_ENTITY_TOO_LARGE")
            #expect(try await api.engine.databricks.workspace.list("/Shared").isEmpty)
        }
    }

    /// One wrong request per error path of the reference, with the status and code Databricks answers.
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var json: String?
        var status: Int
        var code: String
        var testDescription: String { "\(method) \(path) → \(status) \(code)" }
    }

    static let errorCases: [ErrorCase] = [
        .init(method: .get, path: "/api/2.0/workspace/get-status?path=/Shared/none", status: 404, code: "RESOURCE_DOES_NOT_EXIST"),
        .init(method: .get, path: "/api/2.0/workspace/list?path=/Shared/none", status: 404, code: "RESOURCE_DOES_NOT_EXIST"),
        .init(method: .get, path: "/api/2.0/workspace/export?path=/Shared/none", status: 404, code: "RESOURCE_DOES_NOT_EXIST"),
        .init(
            method: .post, path: "/api/2.0/workspace/import", json: #"{"path": "/Shared/nb", "content": "eA==", "language": "PYTHON"}"#,
            status: 400, code: "RESOURCE_ALREADY_EXISTS"),
        .init(
            method: .post, path: "/api/2.0/workspace/import", json: #"{"path": "/Shared/no/nb", "content": "eA==", "language": "PYTHON"}"#,
            status: 404, code: "RESOURCE_DOES_NOT_EXIST"),
        .init(
            method: .post, path: "/api/2.0/workspace/import", json: #"{"path": "Shared/x", "content": "eA==", "language": "PYTHON"}"#,
            status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(
            method: .post, path: "/api/2.0/workspace/mkdirs", json: #"{"path": "/Shared/nb/sub"}"#, status: 400,
            code: "RESOURCE_ALREADY_EXISTS"),
        .init(method: .post, path: "/api/2.0/workspace/delete", json: #"{"path": "/Shared"}"#, status: 400, code: "DIRECTORY_NOT_EMPTY"),
        .init(
            method: .post, path: "/api/2.0/workspace/delete", json: #"{"path": "/Shared/none"}"#, status: 404,
            code: "RESOURCE_DOES_NOT_EXIST"),
        .init(
            method: .post, path: "/api/2.0/dbfs/put", json: #"{"path": "/f", "contents": "eA=="}"#, status: 400,
            code: "RESOURCE_ALREADY_EXISTS"),
        .init(
            method: .post, path: "/api/2.0/dbfs/add-block", json: #"{"handle": 4242, "data": "eA=="}"#, status: 404,
            code: "RESOURCE_DOES_NOT_EXIST"),
        .init(method: .post, path: "/api/2.0/dbfs/close", json: #"{"handle": 4242}"#, status: 404, code: "RESOURCE_DOES_NOT_EXIST"),
        .init(method: .get, path: "/api/2.0/dbfs/read?path=/none", status: 404, code: "RESOURCE_DOES_NOT_EXIST"),
        .init(method: .get, path: "/api/2.0/dbfs/read?path=/f&length=2000000", status: 400, code: "MAX_READ_SIZE_EXCEEDED"),
        .init(method: .get, path: "/api/2.0/dbfs/read?path=/f&offset=99", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .get, path: "/api/2.0/dbfs/read?path=/d", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .get, path: "/api/2.0/dbfs/list?path=/none", status: 404, code: "RESOURCE_DOES_NOT_EXIST"),
        .init(method: .get, path: "/api/2.0/dbfs/get-status?path=/none", status: 404, code: "RESOURCE_DOES_NOT_EXIST"),
        .init(method: .post, path: "/api/2.0/dbfs/mkdirs", json: #"{"path": "/f/sub"}"#, status: 400, code: "RESOURCE_ALREADY_EXISTS"),
        .init(method: .post, path: "/api/2.0/dbfs/delete", json: #"{"path": "/d"}"#, status: 400, code: "IO_ERROR"),
        .init(
            method: .post, path: "/api/2.0/dbfs/move", json: #"{"source_path": "/none", "destination_path": "/x"}"#, status: 404,
            code: "RESOURCE_DOES_NOT_EXIST"),
        .init(
            method: .post, path: "/api/2.0/dbfs/move", json: #"{"source_path": "/d", "destination_path": "/f"}"#, status: 400,
            code: "RESOURCE_ALREADY_EXISTS"),
        .init(method: .get, path: "/api/2.0/fs/files/Volumes/main/ci/v/none", status: 404, code: "NOT_FOUND"),
        .init(method: .put, path: "/api/2.0/fs/files/Volumes/main/ci/v/f?overwrite=false", json: "x", status: 409, code: "ALREADY_EXISTS"),
        .init(method: .put, path: "/api/2.0/fs/files/tmp/x", json: "x", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .get, path: "/api/2.0/fs/directories/Volumes/main/ci/none", status: 404, code: "NOT_FOUND"),
        .init(method: .delete, path: "/api/2.0/fs/directories/Volumes/main/ci/v", status: 400, code: "DIRECTORY_NOT_EMPTY"),
        .init(method: .delete, path: "/api/2.0/fs/files/Volumes/main/ci/v/none", status: 404, code: "NOT_FOUND"),
        .init(method: .get, path: "/api/2.1/jobs/get?job_id=99", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .get, path: "/api/2.1/jobs/get", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(
            method: .post, path: "/api/2.1/jobs/reset", json: #"{"job_id": 99, "new_settings": {"name": "x"}}"#, status: 400,
            code: "INVALID_PARAMETER_VALUE"),
        .init(method: .post, path: "/api/2.1/jobs/delete", json: #"{"job_id": 99}"#, status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .post, path: "/api/2.1/jobs/run-now", json: #"{"job_id": 99}"#, status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .get, path: "/api/2.1/jobs/list?limit=101", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(
            method: .post, path: "/api/2.1/jobs/create",
            json: #"{"name": "c", "tasks": [{"task_key": "a", "depends_on": [{"task_key": "a"}]}]}"#, status: 400,
            code: "INVALID_PARAMETER_VALUE"),
        .init(method: .get, path: "/api/2.1/jobs/runs/get?run_id=99", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .get, path: "/api/2.1/jobs/runs/get-output?run_id=99", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .post, path: "/api/2.1/jobs/runs/cancel", json: #"{"run_id": 99}"#, status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(
            method: .get, path: "/api/2.1/jobs/runs/list?active_only=true&completed_only=true", status: 400, code: "INVALID_PARAMETER_VALUE"
        ),
        .init(method: .get, path: "/api/2.1/jobs/runs/list?run_type=NOTEBOOK", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(method: .get, path: "/api/2.0/clusters/get?cluster_id=nope", status: 400, code: "INVALID_PARAMETER_VALUE"),
        .init(
            method: .post, path: "/api/2.1/clusters/start", json: #"{"cluster_id": "0000-000000-kilnlocal"}"#, status: 400,
            code: "INVALID_STATE"),
    ]

    @Test(arguments: errorCases)
    func errorPaths(_ errorCase: ErrorCase) async throws {
        try await ServerFixture.run { api in
            let databricks = api.engine.databricks
            try await databricks.workspace.importObject(
                WorkspaceImport(path: "/Shared/nb", content: Data("x = 1\n".utf8), language: .python))
            try await databricks.dbfs.put(DBFSPut(path: "/f", contents: Data("12".utf8)))
            try await databricks.dbfs.put(DBFSPut(path: "/d/inside", contents: Data("1".utf8)))
            try await databricks.files.upload("/Volumes/main/ci/v/f", from: .data(Data("1".utf8)), overwrite: true)
            let response = try await api.call(errorCase.method, errorCase.path, json: errorCase.json)
            #expect(Int(response.status.code) == errorCase.status, "\(String(buffer: response.body))")
            #expect(ServerAPI.errorCode(response) == errorCase.code, "\(String(buffer: response.body))")
        }
    }

    @Test func aMissingJobOrRunSaysSoAsDatabricksDoes() async throws {
        try await ServerFixture.run { api in
            let job = try await api.call(.get, "/api/2.1/jobs/get?job_id=99")
            #expect(try ServerAPI.decode(ErrorBody.self, job).message == "Job 99 does not exist.")
            let run = try await api.call(.get, "/api/2.2/jobs/runs/get?run_id=77")
            #expect(try ServerAPI.decode(ErrorBody.self, run).message == "Run 77 does not exist.")
        }
    }

    @Test func getParametersMayComeAsAJSONBody() async throws {
        try await ServerFixture.run { api in
            let response = try await api.call(.get, "/api/2.0/workspace/get-status", json: #"{"path": "/Shared"}"#)
            #expect(try ServerAPI.decode(ObjectInfo.self, response).objectType == .directory)
        }
    }

    @Test func filesAPIStreamsRawBodiesWithMetadataAndRanges() async throws {
        try await ServerFixture.run { api in
            let bytes = Data.pattern(300_000)
            let put = try await api.call(.put, "/api/2.0/fs/files/Volumes/main/ci/models/model%20v1.rds", body: bytes)
            #expect(put.status == .noContent)
            let get = try await api.call(.get, "/api/2.0/fs/files/Volumes/main/ci/models/model%20v1.rds")
            #expect(Data(buffer: get.body) == bytes)
            #expect(get.headers[.contentLength] == "300000")
            #expect(get.headers[.lastModified]?.hasSuffix("GMT") == true)
            let head = try await api.call(.head, "/api/2.0/fs/files/Volumes/main/ci/models/model%20v1.rds")
            #expect(head.headers[.contentLength] == "300000")
            let range = try await api.call(
                .get, "/api/2.0/fs/files/Volumes/main/ci/models/model%20v1.rds", headers: [.range: "bytes=100-199"])
            #expect(range.status == .partialContent)
            #expect(Data(buffer: range.body) == bytes[100..<200])
            let listing = try ServerAPI.decode(
                DirectoryListing.self, try await api.call(.get, "/api/2.0/fs/directories/Volumes/main/ci/models"))
            #expect(listing.contents?.map(\.name) == ["model v1.rds"])
        }
    }

    @Test func jobs20SpeaksTheSingleTaskShape() async throws {
        try await ServerFixture.run { api in
            let created = try await api.call(
                .post, "/api/2.0/jobs/create",
                json: """
                    {"name": "legacy", "existing_cluster_id": "0123-456789-abcdefgh", "notebook_task": {"notebook_path": "/Shared/nb"}, "max_retries": 1}
                    """)
            let jobId = try ServerAPI.decode(JobID.self, created).jobId
            let legacy = try ServerAPI.decode([String: JSONValue].self, try await api.call(.get, "/api/2.0/jobs/get?job_id=\(jobId)"))
            guard case .object(let settings)? = legacy["settings"] else {
                Issue.record("no settings")
                return
            }
            #expect(settings["notebook_task"] != nil && settings["tasks"] == nil)
            #expect(settings["existing_cluster_id"] == .string("0123-456789-abcdefgh"))
            let current = try ServerAPI.decode(Job.self, try await api.call(.get, "/api/2.1/jobs/get?job_id=\(jobId)"))
            #expect(current.settings.tasks?.first?.notebookTask?.notebookPath == "/Shared/nb")
            #expect(current.settings.tasks?.first?.maxRetries == 1)
        }
    }

    @Test func faultsHitTheFractionAskedForAndReplayBySeed() async throws {
        let spec = "503@0.3,429:0@0.1,on=/api/2.0/workspace/*,seed=11"
        let first = try await Self.statuses(faults: spec, count: 200)
        let second = try await Self.statuses(faults: spec, count: 200)
        #expect(first == second, "the same seed replays the same failures")
        let unavailable = first.filter { $0 == 503 }.count
        let throttled = first.filter { $0 == 429 }.count
        // Binomial(200, 0.3) and (200, 0.1): within three standard deviations.
        #expect((41...79).contains(unavailable), "\(unavailable) of 200 answered 503")
        #expect((7...33).contains(throttled), "\(throttled) of 200 answered 429")
        #expect(first.allSatisfy { [200, 429, 503].contains($0) })
        let other = try await Self.statuses(faults: spec.replacingOccurrences(of: "seed=11", with: "seed=12"), count: 200)
        #expect(other != first)
    }

    private static func statuses(faults: String, count: Int) async throws -> [Int] {
        try await ServerFixture.run(faults: faults) { api in
            var statuses: [Int] = []
            for _ in 0..<count {
                let response = try await api.call(.get, "/api/2.0/workspace/get-status?path=/Shared")
                if response.status.code == 429 { #expect(response.headers[.retryAfter] == "0") }
                statuses.append(Int(response.status.code))
            }
            // Endpoints the plan does not name are never touched.
            #expect(try await api.call(.get, "/api/2.0/dbfs/list?path=/").status == .ok)
            return statuses
        }
    }

    @Test func aResetFaultDropsTheConnection() async throws {
        try await ServerFixture.run { api in
            await #expect(throws: (any Error).self) {
                _ = try await api.call(.get, "/api/2.0/workspace/list?path=/", headers: [HTTPField.Name("X-Kiln-Faults")!: "reset@1"])
            }
        }
    }

    /// Any client may send a plan: one whose delay overflows (`1e20s`) crashed the server.
    @Test(arguments: ["delay:1e20s@1", "delay:nans@1", "delay:-5ms@1", "delay:2h@1"])
    func aDelayPastAnHourIsRefusedAndTheServerGoesOn(_ spec: String) async throws {
        try await ServerFixture.run { api in
            let response = try await api.call(.get, "/api/2.0/workspace/list?path=/", headers: [HTTPField.Name("X-Kiln-Faults")!: spec])
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("at most an hour"))
            #expect(try await api.call(.get, "/api/2.0/workspace/list?path=/").status == .ok)
        }
    }

    /// `:@1` (a rule with no kind, found by `make fuzz`) crashed the server.
    @Test(arguments: ["teapot@2", ":@1", ",:@1"])
    func aBadFaultSpecIsAClearError(_ spec: String) async throws {
        try await ServerFixture.run { api in
            let response = try await api.call(.get, "/api/2.0/workspace/list?path=/", headers: [HTTPField.Name("X-Kiln-Faults")!: spec])
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains(spec.trimmingCharacters(in: CharacterSet(charactersIn: ","))))
            #expect(try await api.call(.get, "/api/2.0/workspace/list?path=/").status == .ok)
        }
    }
}

extension ServerHTTPTests {
    /// A DBFS put with the file attached: whole, it is stored; cut off before the form's closing
    /// boundary, or with a path field past 64 KB, it is refused and nothing is stored.
    @Test func aMultipartPutIsStoredOnlyWhenTheFormIsWhole() async throws {
        @Sendable func form(path: String, file: String, closed: Bool) -> Data {
            let text =
                "--b\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n\(path)\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\ntrue\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"contents\"; filename=\"m.rds\"\r\n\r\n\(file)"
                + (closed ? "\r\n--b--\r\n" : "")
            return Data(text.utf8)
        }
        try await ServerFixture.run { api in
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=b"]
            let whole = try await api.call(
                .post, "/api/2.0/dbfs/put", body: form(path: "/m/whole.rds", file: "model", closed: true), headers: headers)
            #expect(whole.status == .ok)
            #expect(try Data(contentsOf: api.engine.localURL(forDBFSPath: "/m/whole.rds")) == Data("model".utf8))

            let cut = try await api.call(
                .post, "/api/2.0/dbfs/put", body: form(path: "/m/cut.rds", file: "mod", closed: false), headers: headers)
            #expect(cut.status == .badRequest)
            #expect(String(buffer: cut.body).contains("truncated"))
            let long = String(repeating: "x", count: 70_000)
            let longPath = try await api.call(
                .post, "/api/2.0/dbfs/put", body: form(path: "/m/\(long)", file: "m", closed: true), headers: headers)
            #expect(longPath.status == .badRequest)
            #expect(String(buffer: longPath.body).contains("over 64 KB"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: api.engine.localURL(forDBFSPath: "/m").path) == ["whole.rds"])
        }
    }
}
