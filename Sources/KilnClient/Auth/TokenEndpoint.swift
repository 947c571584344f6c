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

/// The answer of a token endpoint, in each issuer's form: `expires_in` seconds (RFC 6749 §5.1;
/// Entra ID's v1 endpoint and the metadata service write it as a string) or `expires_on`, the
/// expiry in seconds since 1970 (the metadata service).
struct TokenAnswer: Decodable {
    var accessToken: String
    var expiresIn: Double?
    var expiresOn: Double?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case expiresOn = "expires_on"
    }

    /// A token without a stated lifetime is taken to live an hour, as OAuth libraries do.
    static let defaultLifetime: TimeInterval = 3600

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        expiresIn = Self.number(container, .expiresIn)
        expiresOn = Self.number(container, .expiresOn)
    }

    private static func number(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> Double? {
        (try? container.decodeIfPresent(Double.self, forKey: key))
            ?? (try? container.decodeIfPresent(String.self, forKey: key)).flatMap {
                $0.flatMap(Double.init)
            }
    }

    static func read(_ response: APIResponse, requestedAt: Date, purpose: String, url: String) throws -> IssuedToken {
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body), !answer.accessToken.isEmpty else {
            throw DatabricksError(.unreadableResponse, "\(url) answered without an access_token (\(purpose)).", status: response.status)
        }
        let expiresAt =
            answer.expiresIn.map { requestedAt.addingTimeInterval($0) }
            ?? answer.expiresOn.map { Date(timeIntervalSince1970: $0) } ?? requestedAt.addingTimeInterval(defaultLifetime)
        return IssuedToken(token: Secret(answer.accessToken), requestedAt: requestedAt, expiresAt: expiresAt)
    }
}
