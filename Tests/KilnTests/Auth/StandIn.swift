import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore

/// A stand-in for a server Kiln authenticates with (Entra ID, the instance metadata service, a
/// pipeline's OIDC issuer, a workspace): an HTTP server on an ephemeral loopback port that records
/// every request and answers each with what the test says.
final class StandIn: Sendable {
    /// A request as it arrived.
    struct Request: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        /// Header values by lower-cased name.
        var headers: [String: String]
        var body: String
        /// The body's form fields in the order sent, for `application/x-www-form-urlencoded`.
        var formFields: [(name: String, value: String)]

        var form: [String: String] { Dictionary(formFields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }) }
        var formNames: [String] { formFields.map(\.name) }
    }

    /// What to answer: a status and a JSON body.
    typealias Answer = @Sendable (Request) -> (status: Int, json: String)

    private let recorded = NIOLockedValueBox<[Request]>([])

    var requests: [Request] { recorded.withLockedValue { $0 } }

    func requests(to path: String) -> [Request] {
        requests.filter { $0.path.hasSuffix(path) }
    }

    /// Runs `body` with a stand-in answering `answer`, at its base URL `http://127.0.0.1:<port>`.
    static func run<T: Sendable>(_ answer: @escaping Answer, _ body: @Sendable (StandIn, String) async throws -> T) async throws -> T {
        let standIn = StandIn()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let recorded = Request(
                method: request.method.rawValue, path: request.uri.path, query: fields(request.uri.query ?? ""),
                headers: Dictionary(
                    request.headers.map { ($0.name.canonicalName.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first }),
                body: String(buffer: bytes), formFields: orderedFields(String(buffer: bytes)))
            standIn.recorded.withLockedValue { $0.append(recorded) }
            let (status, json) = answer(recorded)
            return Response(
                status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
        }
        let app = Application(responder: responder, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in try await body(standIn, "http://127.0.0.1:\(client.port ?? 0)") }
    }

    static func orderedFields(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    static func fields(_ text: String) -> [String: String] {
        Dictionary(orderedFields(text).map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A token endpoint's answer with `token`, living `lifetime` seconds (as a string, as Entra ID writes it).
func tokenAnswer(_ token: String, lifetime: Int = 3599) -> (status: Int, json: String) {
    (200, #"{"token_type":"Bearer","expires_in":"\#(lifetime)","ext_expires_in":"\#(lifetime)","access_token":"\#(token)"}"#)
}
