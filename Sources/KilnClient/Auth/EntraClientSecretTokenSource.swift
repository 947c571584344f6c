import Foundation

/// `azure-client-secret`: an Entra ID service principal's client secret exchanged for a token of
/// one resource at Entra ID's v1 endpoint, `POST <login>/<tenant>/oauth2/token` with
/// `grant_type=client_credentials`, `client_id`, `client_secret` and `resource` in the form
/// (SDK-py `azure_service_principal`, SDK-go `auth_azure_client_secret.go`).
struct EntraClientSecretTokenSource: TokenSource {
    let endpoint: TokenEndpoint
    let clientId: String
    let clientSecret: Secret
    let resource: String

    init(login: HTTPTransport, tenantId: String, clientId: String, clientSecret: Secret, resource: String) {
        endpoint = TokenEndpoint(
            transport: login, path: "/\(QueryString.escape(tenantId))/oauth2/token",
            purpose: "Entra ID token of \(resource) for client \(clientId)")
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.resource = resource
    }

    func fetchToken(requestedAt: Date) async throws -> IssuedToken {
        try await endpoint.token(
            body: TokenEndpoint.form([
                ("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret.value),
                ("resource", resource),
            ]), authorization: .headers([:]), requestedAt: requestedAt)
    }
}
