import Foundation
import KilnAPI

/// OAuth machine-to-machine: exchanges a service principal's client id and secret for an access
/// token at `<host>/oidc/v1/token` (client credentials, HTTP Basic, `scope=all-apis`), keeps it,
/// and gets a new one shortly before it expires. Callers that need a token while one is being
/// fetched wait for that same request: a burst of parallel calls makes one token request.
actor OAuthTokenSource: Authenticator {
    private let transport: HTTPTransport
    private let clientId: String
    private let clientSecret: Secret
    private let currentTime: @Sendable () -> Date
    private var current: IssuedToken?
    private var refresh: Task<IssuedToken, any Error>?

    static let tokenPath = "/oidc/v1/token"
    /// A token is replaced this long before it expires (half its life, for very short-lived tokens).
    static let refreshMargin: TimeInterval = 60

    private struct IssuedToken: Sendable {
        var token: Secret
        var refreshAfter: Date
    }

    init(transport: HTTPTransport, clientId: String, clientSecret: Secret, currentTime: @escaping @Sendable () -> Date) {
        self.transport = transport
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.currentTime = currentTime
    }

    func authorization() async throws -> String {
        if let current, currentTime() < current.refreshAfter { return "Bearer \(current.token.value)" }
        let task = refresh ?? startRefresh()
        do {
            let issued = try await task.value
            if refresh == task {
                current = issued
                refresh = nil
            }
            return "Bearer \(issued.token.value)"
        } catch {
            if refresh == task { refresh = nil }
            throw error
        }
    }

    private func startRefresh() -> Task<IssuedToken, any Error> {
        let task = Task { [transport, clientId, clientSecret, currentTime] in
            try await Self.requestToken(transport: transport, clientId: clientId, clientSecret: clientSecret, now: currentTime)
        }
        refresh = task
        return task
    }

    /// The token endpoint's answer (RFC 6749 §5.1).
    private struct TokenAnswer: Decodable {
        var accessToken: String
        var expiresIn: Double?
        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
        }
    }

    private static func requestToken(
        transport: HTTPTransport, clientId: String, clientSecret: Secret, now: @Sendable () -> Date
    ) async throws -> IssuedToken {
        let requested = now()
        let request = APIRequest(
            method: .POST, path: tokenPath, body: .form("grant_type=client_credentials&scope=all-apis"),
            authorization: .clientCredentials(clientId: clientId, secret: clientSecret), isRepeatable: true)
        let response: APIResponse
        do {
            response = try await transport.send(request)
        } catch let error as DatabricksError {
            throw DatabricksError(
                error.code, "OAuth token for client \(clientId) from \(transport.baseURL)\(tokenPath): \(error.message)",
                status: error.status)
        }
        // The answer holds the token: a failure to read it says so and shows nothing of the body.
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body), !answer.accessToken.isEmpty else {
            throw DatabricksError(
                .unreadableResponse, "\(transport.baseURL)\(tokenPath) answered without an access_token for client \(clientId).",
                status: response.status)
        }
        let lifetime = answer.expiresIn ?? 3600
        return IssuedToken(
            token: Secret(answer.accessToken), refreshAfter: requested.addingTimeInterval(lifetime - min(refreshMargin, lifetime / 2)))
    }
}
