import Foundation
import KilnAPI
import Testing

/// Requests no Databricks client sends, to `kiln serve`: paths that climb out (`..`, `%2e%2e`),
/// NUL bytes, wrong types, broken JSON. Each gets a Databricks-style error, and nothing outside
/// the engine's state is read or written.
@Suite("Server: hostile requests", .timeLimit(.minutes(2)))
struct HostileRequestTests {
    static let climbs = [
        "/../../../../etc/passwd", "/Shared/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/Shared/%2E%2E/%2E%2E/etc/passwd",
        "/Shared/x%00y", "/Shared/x\u{0}y", "..", "/Shared/./../../etc",
    ]

    @Test(arguments: climbs)
    func aPathThatClimbsOutOrHoldsNULIsAnError(_ path: String) async throws {
        try await ServerFixture.run { api in
            let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "+", "="])) ?? path
            // A path with `%2e` is sent both escaped (reaching the server as written) and as written
            // (decoded once by the server into `..`).
            for query in Set([escaped, path.replacingOccurrences(of: "\u{0}", with: "%00")]) {
                for endpoint in [
                    "/api/2.0/workspace/get-status?path=", "/api/2.0/workspace/export?format=SOURCE&path=",
                    "/api/2.0/dbfs/get-status?path=",
                    "/api/2.0/dbfs/read?path=", "/api/2.0/fs/files/Volumes/main/default/v",
                    "/api/2.0/fs/directories/Volumes/main/default/v",
                ] {
                    let target = endpoint + query
                    let answer = try await api.call(.get, target)
                    let body = String(buffer: answer.body)
                    #expect((400..<500).contains(answer.status.code), "\(target): \(answer.status) \(body)")
                    #expect(!body.contains("root:x:0:0"), "\(target) read a file outside the state")
                    // The Files API answers a HEAD-like miss with no body; every other answer says its error code.
                    #expect(ServerAPI.errorCode(answer) != nil || (endpoint.contains("/fs/") && body.isEmpty), "\(target): \(body)")
                }
                // In a JSON body `%2e%2e` is a name, not a climb (Databricks takes it as written).
                let climbs = path.split(separator: "/", omittingEmptySubsequences: false).contains("..") || path.contains("\u{0}")
                for (endpoint, json) in climbs
                    ? [
                        ("/api/2.0/workspace/mkdirs", #"{"path": "\#(Self.jsonEscaped(path))"}"#),
                        ("/api/2.0/dbfs/mkdirs", #"{"path": "\#(Self.jsonEscaped(path))"}"#),
                        ("/api/2.0/dbfs/put", #"{"path": "\#(Self.jsonEscaped(path))/kiln", "contents": "a2lsbg==", "overwrite": true}"#),
                        (
                            "/api/2.0/workspace/import",
                            #"{"path": "\#(Self.jsonEscaped(path))/kiln", "content": "a2lsbg==", "format": "AUTO"}"#
                        ),
                    ] : []
                {
                    let answer = try await api.call(.post, endpoint, json: json)
                    #expect(answer.status.code >= 400, "\(endpoint) \(path): \(answer.status) \(String(buffer: answer.body))")
                    #expect(ServerAPI.errorCode(answer) != nil, "\(endpoint): \(String(buffer: answer.body))")
                }
            }
            // Nothing was made outside the engine's workspace and DBFS roots either.
            #expect(try await api.engine.databricks.workspace.list("/").map(\.path).sorted() == ["/Repos", "/Shared", "/Users"])
        }
    }

    @Test(arguments: [
        ("/api/2.0/workspace/mkdirs", #"{"path": 7}"#),
        ("/api/2.0/workspace/mkdirs", #"{"path": ["/a"]}"#),
        ("/api/2.1/jobs/create", #"{"name": {"x": 1}, "tasks": "t"}"#),
        ("/api/2.1/jobs/run-now", #"{"job_id": "one"}"#),
        ("/api/2.1/jobs/runs/cancel", #"{"run_id": 1e400}"#),
        ("/api/2.0/dbfs/put", #"{"path": "/a", "contents": "not base64!"}"#),
        ("/api/2.0/workspace/import", #"{"path": "/Shared/a", "content": 42}"#),
        ("/api/2.1/jobs/create", "[" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_001)),
        ("/api/2.1/jobs/create", "{\"name\": \"x\""),
    ])
    func aBodyOfTheWrongShapeIsABadRequest(_ endpoint: String, _ json: String) async throws {
        try await ServerFixture.run { api in
            let answer = try await api.call(.post, endpoint, json: json)
            #expect(answer.status.code == 400, "\(endpoint) \(json.prefix(80)): \(answer.status) \(String(buffer: answer.body))")
            #expect(
                ["MALFORMED_REQUEST", "INVALID_PARAMETER_VALUE"].contains(ServerAPI.errorCode(answer)), "\(String(buffer: answer.body))")
        }
    }

    /// A body announced as a gigabyte is refused from its headers (413), before a byte of it is
    /// read; a client that opens a connection and goes quiet mid-request is closed after the idle
    /// timeout (the socket's own 20 s timeout fails the test before the suite's limit). A raw
    /// socket plays the client, as no HTTP library would send either.
    @Test func aGigabyteAnnouncedAndAQuietClientAreAnsweredInBoundedTime() async throws {
        let state = TemporaryFolder()
        let server = try await ServeProcess(state: state.url, arguments: ["--idle-timeout", "1"])
        let script = """
            import socket, sys, time
            port, token = int(sys.argv[1]), sys.argv[2]
            big = socket.create_connection(("127.0.0.1", port)); big.settimeout(20)
            big.sendall(("POST /api/2.0/workspace/mkdirs HTTP/1.1\\r\\nHost: k\\r\\nAuthorization: Bearer " + token
                + "\\r\\nContent-Type: application/json\\r\\nContent-Length: 1073741824\\r\\n\\r\\n{").encode())
            print(big.recv(65536).split(b"\\r\\n")[0].decode())
            quiet = socket.create_connection(("127.0.0.1", port)); quiet.settimeout(20)
            quiet.sendall(b"GET /api/2.0/workspace/list?path=/ HTTP/1.1\\r\\nHost: k\\r\\n")
            started = time.monotonic()
            print("closed" if quiet.recv(65536) == b"" else "answered", "within", 1 + int(time.monotonic() - started), "s")
            """
        let result = try await runProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, String(server.port), server.token])
        await server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "HTTP/1.1 413 Payload Too Large", "\(result.stdout)")
        #expect(lines.last?.hasPrefix("closed within") == true, "\(result.stdout)")
        print("[measured] a quiet client: \(lines.last ?? "")")
    }

    static func jsonEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{0}", with: "\\u0000")
    }
}
