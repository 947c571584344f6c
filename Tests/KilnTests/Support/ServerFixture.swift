import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KilnAPI
import KilnEngine
import KilnServer
import NIOCore

/// `kiln serve`'s application on an ephemeral loopback port, over an engine of its own.
enum ServerFixture {
    @discardableResult
    static func run<T: Sendable>(
        faults: String? = nil, oauthClient: OAuthClient? = nil, executor: (any TaskExecutor)? = nil,
        recorder: RequestRecorder? = nil, rateLimits: [EndpointRateLimit] = [], _ test: @Sendable (ServerAPI) async throws -> T
    ) async throws -> T {
        let folder = TemporaryFolder("kiln-serve")
        let engine = try await Engine(state: StateFolder(folder.path("state")), executor: executor)
        let token = ServerConfiguration.generateToken()
        var configuration = ServerConfiguration(token: token, faults: faults, oauthClient: oauthClient)
        configuration.recorder = recorder
        configuration.rateLimits = rateLimits
        let app = try buildApplication(engine: engine, configuration: configuration)
        let result = try await app.test(.live) { client in
            try await test(ServerAPI(client: client, token: token, engine: engine))
        }
        await engine.stopActiveRuns()
        _ = folder
        return result
    }
}

/// Raw HTTP calls to the server, with its token unless told otherwise.
struct ServerAPI: Sendable {
    let client: any TestClientProtocol
    let token: String
    let engine: Engine

    var port: Int { client.port ?? 0 }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    enum Auth: Sendable {
        case server, none
        case token(String)
    }

    func call(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, body: Data? = nil,
        auth: Auth = .server, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        switch auth {
        case .server: headers[.authorization] = "Bearer \(token)"
        case .token(let other): headers[.authorization] = "Bearer \(other)"
        case .none: break
        }
        if json != nil { headers[.contentType] = "application/json" }
        let bytes = json.map { ByteBuffer(string: $0) } ?? body.map { ByteBuffer(bytes: $0) }
        return try await client.execute(uri: path, method: method, headers: headers, body: bytes)
    }

    /// The `error_code` of an error answer.
    static func errorCode(_ response: TestResponse) -> String? {
        (try? WireCoding.decode(ErrorBody.self, from: Data(buffer: response.body)))?.errorCode
    }

    /// The body decoded as `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try WireCoding.decode(type, from: Data(buffer: response.body))
    }
}
