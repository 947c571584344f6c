import Foundation

/// Turns resolved `Credentials` into the authenticator of the workspace's calls, with the token
/// sources each method needs and a transport for each other host it talks to (Entra ID, the
/// instance metadata service, the pipeline's OIDC issuer), each with the proxy its host needs.
struct CredentialChain {
    /// The workspace's transport, which also serves its `/oidc/v1/token`.
    let workspace: HTTPTransport
    /// A transport for another base URL (`scheme://host[:port]`).
    let transport: (String) -> HTTPTransport
    /// The clock tokens expire by.
    let currentTime: @Sendable () -> Date

    func authenticator(for credentials: Credentials) -> any Authenticator {
        let databricks = AzureCloud.databricksResource
        switch credentials {
        case .personalAccessToken(let token):
            return TokenAuthenticator(token: token)
        case .oauthMachineToMachine(let clientId, let secret):
            return RefreshingAuthenticator(
                token: cached(DatabricksOAuthTokenSource(workspace: workspace, clientId: clientId, clientSecret: secret)))
        case .azureClientSecret(let clientId, let secret, let tenantId, let azure):
            let login = transport(String(azure.loginEndpoint.dropLast(azure.loginEndpoint.hasSuffix("/") ? 1 : 0)))
            let source = { (resource: String) in
                EntraClientSecretTokenSource(login: login, tenantId: tenantId, clientId: clientId, clientSecret: secret, resource: resource)
            }
            return azureAuthenticator(azure, token: source(databricks), management: source(azure.cloud.serviceManagementEndpoint))
        case .azureManagedIdentity(let clientId, let azure):
            let metadata = transport(azure.metadataEndpoint)
            let source = { (resource: String) in ManagedIdentityTokenSource(metadata: metadata, clientId: clientId, resource: resource) }
            return azureAuthenticator(azure, token: source(databricks), management: source(azure.cloud.serviceManagementEndpoint))
        case .azureCLI(let command, let azure):
            let source = { (resource: String) in AzureCLITokenSource(command: command, resource: resource) }
            return azureAuthenticator(
                azure, token: source(databricks), management: source(azure.cloud.serviceManagementEndpoint), managementRequired: false)
        case .workloadIdentityFederation(let request, let clientId, let audience):
            let idToken = PipelineIDToken(
                request, audience: audience ?? workspace.baseURL + DatabricksOAuthTokenSource.tokenPath, transport: transport)
            return RefreshingAuthenticator(
                token: cached(OIDCTokenExchangeSource(idToken: idToken, workspace: workspace, clientId: clientId)))
        }
    }

    private func azureAuthenticator(
        _ azure: AzureSettings, token: any TokenSource, management: any TokenSource, managementRequired: Bool = true
    ) -> any Authenticator {
        RefreshingAuthenticator(
            token: cached(token), management: ManagementToken(cached(management), required: managementRequired),
            workspaceResourceId: azure.workspaceResourceId)
    }

    private func cached(_ source: any TokenSource) -> CachedToken {
        CachedToken(source, currentTime: currentTime)
    }
}
