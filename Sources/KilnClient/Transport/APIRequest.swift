import Foundation
import NIOHTTP1

/// One call of the REST API as the transport sends it, and sends again when that is safe.
struct APIRequest: Sendable {
    enum Body: Sendable {
        case none
        case json(Data)
        /// `application/x-www-form-urlencoded`, as the OAuth token endpoint takes it.
        case form(String)
        /// Raw bytes already in memory (`application/octet-stream`).
        case bytes(Data)
        /// A local file, streamed from disk; reopened for every attempt.
        case file(URL)
        /// `multipart/form-data`: text fields, then a local file as the part `fileField`, streamed
        /// from disk as `.file` is (DBFS `put` with the file attached).
        case multipartFile(fields: [(name: String, value: String)], fileField: String, file: URL)
    }

    /// Who the request says it is.
    enum Authorization: Sendable {
        /// The workspace's credentials, asked for at every attempt: an OAuth token may be replaced
        /// between two attempts of one call.
        case workspace(any Authenticator)
        /// A service principal's client id and secret (HTTP Basic), for the OAuth token endpoint.
        case clientCredentials(clientId: String, secret: Secret)
        /// Headers of their own (none for an anonymous call), for the other token endpoints:
        /// Entra ID, the instance metadata service, a pipeline's OIDC issuer.
        case headers(HTTPHeaders)
    }

    var method: HTTPMethod
    /// The path, its segments already escaped.
    var path: String
    var query: [QueryItem] = []
    var body: Body = .none
    var authorization: Authorization
    /// Whether the call may be sent again after a failure that leaves its effect unknown (a
    /// connection lost after the request went out): GETs, mkdirs, writes with overwrite, reset,
    /// run-now with an idempotency token (reference §6).
    var isRepeatable: Bool

    /// `GET /api/2.0/workspace/list`: how logs and errors name the call.
    var endpoint: String { "\(method.rawValue) \(path)" }

    /// `path?query`, with the values of parameters that could carry secrets masked, for logs.
    var loggedTarget: String { path + QueryString.encode(query, masked: true) }
}

/// An answer with a status: the body read in full (with a cap), or empty when it went to a file.
struct APIResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
}
