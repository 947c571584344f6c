import Foundation

/// `github-oidc` and `azure-devops-oidc`: workload identity federation. The pipeline's OIDC
/// token is exchanged at `<host>/oidc/v1/token` for a Databricks token (RFC 8693), with the
/// form SDK-py sends: `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`,
/// `scope=all-apis`, `subject_token_type=urn:ietf:params:oauth:token-type:jwt`, `subject_token`,
/// and `client_id` when a service principal's federation policy is meant (none for an
/// account-wide policy). A new pipeline token is asked for at every exchange: they are short-lived.
struct OIDCTokenExchangeSource: TokenSource {
    let idToken: PipelineIDToken
    let endpoint: TokenEndpoint
    let clientId: String?

    static let grantType = "urn:ietf:params:oauth:grant-type:token-exchange"
    static let subjectTokenType = "urn:ietf:params:oauth:token-type:jwt"

    init(idToken: PipelineIDToken, workspace: HTTPTransport, clientId: String?) {
        self.idToken = idToken
        endpoint = TokenEndpoint(
            transport: workspace, path: DatabricksOAuthTokenSource.tokenPath,
            purpose: "Databricks token for the \(idToken.request)\(clientId.map { " of client \($0)" } ?? "")")
        self.clientId = clientId
    }

    func fetchToken(requestedAt: Date) async throws -> IssuedToken {
        let subject = try await idToken.fetch()
        return try await endpoint.token(
            body: TokenEndpoint.form([
                ("grant_type", Self.grantType), ("scope", "all-apis"), ("subject_token_type", Self.subjectTokenType),
                ("subject_token", subject.value), ("client_id", clientId),
            ]), authorization: .headers([:]), requestedAt: requestedAt)
    }
}
