import Foundation
import KilnAPI
import NIOHTTP1

/// A token endpoint (the workspace's, Entra ID's, the instance metadata service's): sends the
/// request and reads the token from the answer. Errors name the token and the endpoint, and
/// show nothing of a successful answer's body, which holds the token.
struct TokenEndpoint: Sendable {
    let transport: HTTPTransport
    /// The path, with its query when the URL came whole (a pipeline's OIDC request URL).
    let path: String
    /// What the token is for messages: `Entra ID token for client 1234`.
    let purpose: String

    var url: String { transport.baseURL + path }

    /// `application/x-www-form-urlencoded` fields, in the order given.
    static func form(_ fields: [(String, String?)]) -> APIRequest.Body {
        .form(String(QueryString.encode(fields.compactMap { name, value in value.map { QueryItem(name, $0) } }).dropFirst()))
    }

    func token(
        _ method: HTTPMethod = .POST, query: [QueryItem] = [], body: APIRequest.Body, authorization: APIRequest.Authorization,
        requestedAt: Date
    ) async throws -> IssuedToken {
        let answer = try await answer(method, query: query, body: body, authorization: authorization)
        return try TokenAnswer.read(answer, requestedAt: requestedAt, purpose: purpose, url: url)
    }

    /// The answer of a successful request; an error answer becomes an error naming the token.
    func answer(_ method: HTTPMethod, query: [QueryItem] = [], body: APIRequest.Body, authorization: APIRequest.Authorization)
        async throws -> APIResponse
    {
        let request = APIRequest(method: method, path: path, query: query, body: body, authorization: authorization, isRepeatable: true)
        do {
            return try await transport.send(request)
        } catch let error as DatabricksError {
            throw DatabricksError(error.code, "\(purpose) from \(url): \(error.message)", status: error.status)
        }
    }
}
