import Foundation
import Hummingbird
import KilnAPI

/// `POST /oidc/v1/token`: OAuth machine-to-machine, as a workspace hands tokens to service
/// principals (client credentials in HTTP Basic auth or the form, `grant_type=client_credentials`),
/// and workload identity federation (RFC 8693 token exchange of the client's `federatedToken`).
extension Router where Context == ServerContext {
    /// How long an issued token is good for.
    static var oauthTokenLifetime: TimeInterval { 3600 }
    static var tokenExchangeGrant: String { "urn:ietf:params:oauth:grant-type:token-exchange" }

    func addOAuthRoutes(_ client: OAuthClient?, tokens: TokenVerifier) {
        post("/oidc/v1/token") { request, _ in
            let form = Self.formFields(String(decoding: try await request.bodyData(), as: UTF8.self))
            var (id, secret) = (form["client_id"], form["client_secret"])
            if let authorization = request.headers[.authorization], authorization.hasPrefix("Basic "),
                let decoded = Data(base64Encoded: String(authorization.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
                let colon = decoded.firstIndex(of: ":")
            {
                (id, secret) = (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
            }
            switch form["grant_type"] {
            case "client_credentials":
                guard let client, let id, let secret, TokenVerifier.constantTimeEquals(id, client.id),
                    TokenVerifier.constantTimeEquals(secret, client.secret)
                else {
                    throw DatabricksError(.unauthenticated, "invalid_client: the client id or secret is wrong.", status: 401)
                }
            case Self.tokenExchangeGrant:
                guard let client, let trusted = client.federatedToken, form["subject_token_type"] == "urn:ietf:params:oauth:token-type:jwt",
                    let subject = form["subject_token"], TokenVerifier.constantTimeEquals(subject, trusted),
                    id.map({ $0 == client.id }) ?? true
                else {
                    throw DatabricksError(.unauthenticated, "invalid_grant: no federation policy accepts the subject token.", status: 401)
                }
            default:
                throw DatabricksError(
                    .invalidParameterValue, "unsupported_grant_type: use grant_type=client_credentials or \(Self.tokenExchangeGrant)")
            }
            let token = TokenVerifier.generate()
            tokens.issue(token, until: Date().addingTimeInterval(Self.oauthTokenLifetime))
            return try Response.json(
                OAuthToken(
                    accessToken: token, tokenType: "Bearer", expiresIn: Int(Self.oauthTokenLifetime), scope: form["scope"] ?? "all-apis"))
        }
    }

    /// The discovery documents the SDKs read before anything else: the workspace's metadata
    /// and, from it, where the OAuth token endpoint is.
    func addDiscoveryRoutes() {
        get("/.well-known/databricks-config") { request, _ in
            try Response.json(["oidc_endpoint": "\(Self.baseURL(of: request))/oidc", "workspace_id": "0"])
        }
        get("/oidc/.well-known/oauth-authorization-server") { request, _ in
            let oidc = "\(Self.baseURL(of: request))/oidc"
            return try Response.json([
                "issuer": oidc, "token_endpoint": "\(oidc)/v1/token", "authorization_endpoint": "\(oidc)/v1/authorize",
            ])
        }
    }

    /// The URL the client reached this server by.
    private static func baseURL(of request: Request) -> String {
        "http://\(request.head.authority ?? "127.0.0.1")"
    }

    private static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}

/// The answer of the token endpoint.
struct OAuthToken: Codable, Sendable {
    var accessToken: String
    var tokenType: String
    var expiresIn: Int
    var scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case scope
    }
}
