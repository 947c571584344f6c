import Foundation
import KilnAPI
import NIOHTTP1
import Testing

@testable import KilnClient

/// Error answers in every form the SDKs parse (reference §6), read into `DatabricksError`.
@Suite("Client: error bodies")
struct ErrorBodyDecoderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var status: Int
        var body: String
        var code: ErrorCode
        var message: String
        var testDescription: String { "\(status) \(body.prefix(40))" }
    }

    static let cases: [Case] = [
        Case(
            status: 404,
            body:
                #"{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Path (/x) doesn't exist.", "details": [{"@type": "type.googleapis.com/google.rpc.RequestInfo", "request_id": "r1"}]}"#,
            code: .resourceDoesNotExist, message: "Path (/x) doesn't exist."),
        Case(status: 400, body: #"{"error_code": "INVALID_STATE"}"#, code: .invalidState, message: "Bad Request"),
        Case(status: 400, body: #"{"error": "Unsupported API 1.2 call"}"#, code: .badRequest, message: "Unsupported API 1.2 call"),
        Case(
            status: 401, body: #"{"error": "invalid_client", "error_description": "Client authentication failed"}"#,
            code: .unauthenticated, message: "invalid_client: Client authentication failed"),
        Case(
            status: 404,
            body: #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "detail": "User not found", "status": "404"}"#,
            code: .notFound, message: "User not found"),
        Case(
            status: 400, body: "INVALID_STATE: Cluster 0123 is in unexpected state Pending.", code: .invalidState,
            message: "Cluster 0123 is in unexpected state Pending."),
        Case(
            status: 502,
            body: "<html><head><title>502 Bad Gateway</title></head><body><pre>upstream <b>connect</b> error</pre></body></html>",
            code: "BAD_GATEWAY", message: "upstream connect error"),
        Case(
            status: 504, body: "<html><head><title>Gateway Timeout</title></head><body></body></html>", code: .deadlineExceeded,
            message: "Gateway Timeout"),
        Case(status: 503, body: "", code: .temporarilyUnavailable, message: "Service Unavailable"),
        Case(status: 409, body: "  ", code: "RESOURCE_CONFLICT", message: "Conflict"),
        Case(status: 500, body: "something broke: see the logs", code: .internalError, message: "something broke: see the logs"),
        Case(status: 418, body: "", code: "UNKNOWN", message: "I'm a teapot"),
    ]

    @Test(arguments: cases)
    func everyFormBecomesADatabricksError(_ example: Case) {
        let reason = HTTPResponseStatus(statusCode: example.status).reasonPhrase
        let error = ErrorBodyDecoder.error(status: example.status, reason: reason, body: Data(example.body.utf8))
        #expect(error == DatabricksError(example.code, example.message, status: example.status))
    }

    @Test func longBodiesAreCut() {
        let error = ErrorBodyDecoder.error(
            status: 500, reason: "Internal Server Error", body: Data(String(repeating: "x", count: 5000).utf8))
        #expect(error.message.count == ErrorBodyDecoder.maximumMessageLength + 1)
    }
}

/// Query strings: escaped strictly, and masked where a value could be a secret.
@Suite("Client: query strings")
struct QueryStringTests {
    @Test func valuesAreEscapedAndSecretsMaskedInLogs() {
        let items = [QueryItem("path", "/Shared/a b&c=d"), QueryItem("page_token", "abc"), QueryItem("client_secret", "s3")]
        #expect(QueryString.encode(items) == "?path=%2FShared%2Fa%20b%26c%3Dd&page_token=abc&client_secret=s3")
        #expect(QueryString.encode(items, masked: true) == "?path=%2FShared%2Fa%20b%26c%3Dd&page_token=***&client_secret=***")
        #expect(QueryString.encode([]) == "")
        #expect(QueryString.escapePath("/Volumes/main/a b/ü.txt") == "/Volumes/main/a%20b/%C3%BC.txt")
    }
}
