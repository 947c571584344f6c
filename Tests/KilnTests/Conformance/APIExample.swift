import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KilnAPI
import KilnClient
import NIOCore
import Testing

/// One example response of the Databricks REST API: the file that holds it, the call it answers,
/// and what Kiln must read from it.
struct APIExample: Sendable, CustomTestStringConvertible {
    var file: String
    var method: HTTPRequest.Method
    var path: String
    var check: @Sendable (Databricks) async throws -> Void

    init(_ file: String, _ method: HTTPRequest.Method, _ path: String, check: @escaping @Sendable (Databricks) async throws -> Void) {
        self.file = file
        self.method = method
        self.path = path
        self.check = check
    }

    var testDescription: String { "\(method) \(path) ← \(file)" }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/api-examples")

    /// Serves the file on loopback as the only answer of its call (a HEAD answers the headers the
    /// file lists), and runs the check through Kiln's REST client.
    func run() async throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(file))
        let response: Response
        if method == .head {
            let headers = try WireCoding.decode([String: [String: String]].self, from: data)["headers"] ?? [:]
            var fields = HTTPFields()
            for (name, value) in headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            response = Response(status: .ok, headers: fields)
        } else {
            response = Response(
                status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        let router = Router()
        router.on(RouterPath(path), method: method) { _, _ in response }
        let check = self.check
        try await Application(router: router).test(.live) { client in
            let configuration = try WorkspaceConfiguration(
                host: "http://127.0.0.1:\(try #require(client.port))", credentials: .personalAccessToken(Secret("dapi-example")),
                settings: .forTests(retryTimeout: .seconds(5)))
            try await withDatabricksClient(configuration) { try await check($0.databricks) }
        }
    }
}
