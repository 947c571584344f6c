import Foundation
import KilnAPI

/// `oauth-m2m`: a service principal's Databricks-issued client id and secret exchanged at
/// `<host>/oidc/v1/token` (client credentials in HTTP Basic, `scope=all-apis`, as SDK-go sends them).
struct DatabricksOAuthTokenSource: TokenSource {
    let endpoint: TokenEndpoint
    let clientId: String
    let clientSecret: Secret

    static let tokenPath = "/oidc/v1/token"

    init(workspace: HTTPTransport, clientId: String, clientSecret: Secret) {
        endpoint = TokenEndpoint(transport: workspace, path: Self.tokenPath, purpose: "OAuth token for client \(clientId)")
        self.clientId = clientId
        self.clientSecret = clientSecret
    }

    func fetchToken(requestedAt: Date) async throws -> IssuedToken {
        do {
            return try await endpoint.token(
                body: TokenEndpoint.form([("grant_type", "client_credentials"), ("scope", "all-apis")]),
                authorization: .clientCredentials(clientId: clientId, secret: clientSecret), requestedAt: requestedAt)
        } catch let error as DatabricksError where error.message.contains("invalid_client") {
            // The usual cause on Azure: the Entra ID app's secret, which only Entra ID accepts.
            throw DatabricksError(
                error.code,
                """
                \(error.message) Databricks OAuth (oauth-m2m) needs a secret that Databricks issued for the service principal; \
                for an Entra ID client secret use auth_type azure-client-secret with ARM_CLIENT_ID, ARM_CLIENT_SECRET and \
                ARM_TENANT_ID (profile keys azure_client_id, azure_client_secret, azure_tenant_id).
                """, status: error.status)
        }
    }
}
