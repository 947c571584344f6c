/// How the client proves who it is to the workspace: the methods of the Databricks SDKs that a CI
/// job uses. Each value says which credential it is (`description`, printed by `kiln doctor`)
/// and never shows a secret.
public enum Credentials: Sendable, Equatable, CustomStringConvertible {
    /// A personal access token (`dapi…`), sent as `Authorization: Bearer <token>`.
    case personalAccessToken(Secret)
    /// A service principal's Databricks-issued client credentials, exchanged at
    /// `<host>/oidc/v1/token` for short-lived tokens (OAuth machine-to-machine).
    case oauthMachineToMachine(clientId: String, clientSecret: Secret)
    /// An Entra ID service principal's client secret, exchanged at Entra ID for tokens of the
    /// Azure Databricks resource (and of the Azure management endpoint).
    case azureClientSecret(clientId: String, clientSecret: Secret, tenantId: String, azure: AzureSettings)
    /// The tokens of the account the Azure CLI is signed in with (`az account get-access-token`).
    case azureCLI(AzureCLICommand, azure: AzureSettings)
    /// The managed identity of the Azure VM Kiln runs on, from the instance metadata endpoint;
    /// `clientId` picks a user-assigned identity.
    case azureManagedIdentity(clientId: String?, azure: AzureSettings)
    /// Workload identity federation: the pipeline's OIDC token (GitHub Actions or Azure DevOps)
    /// exchanged at `<host>/oidc/v1/token` for a Databricks token; no stored secret at all.
    case workloadIdentityFederation(OIDCTokenRequest, clientId: String?, audience: String?)

    /// The `auth_type` name the Databricks SDKs give this method.
    public var authType: String {
        switch self {
        case .personalAccessToken: AuthType.pat
        case .oauthMachineToMachine: AuthType.oauthM2M
        case .azureClientSecret: AuthType.azureClientSecret
        case .azureCLI: AuthType.azureCLI
        case .azureManagedIdentity: AuthType.azureMSI
        case .workloadIdentityFederation(.gitHubActions, _, _): AuthType.gitHubOIDC
        case .workloadIdentityFederation(.azureDevOps, _, _): AuthType.azureDevOpsOIDC
        }
    }

    public var description: String {
        switch self {
        case .personalAccessToken: "personal access token"
        case .oauthMachineToMachine(let clientId, _): "OAuth M2M as client \(clientId)"
        case .azureClientSecret(let clientId, _, let tenantId, let azure):
            "Azure service principal \(clientId) of tenant \(tenantId), client secret exchanged at \(azure.loginEndpoint)"
        case .azureCLI(let command, _):
            "Azure CLI (\(command.executable)\(command.tenantId.map { ", tenant \($0)" } ?? ""))"
        case .azureManagedIdentity(let clientId, let azure):
            "Azure managed identity\(clientId.map { " \($0)" } ?? " (system-assigned)") from \(azure.metadataEndpoint)"
        case .workloadIdentityFederation(let request, let clientId, _):
            "\(request) exchanged at /oidc/v1/token\(clientId.map { " for client \($0)" } ?? "")"
        }
    }
}

/// The values of `auth_type` (`DATABRICKS_AUTH_TYPE`) that Kiln supports, in the order SDK-go's
/// default chain tries them when none is chosen (`config/auth_default.go`).
enum AuthType {
    static let pat = "pat"
    static let oauthM2M = "oauth-m2m"
    static let gitHubOIDC = "github-oidc"
    static let azureDevOpsOIDC = "azure-devops-oidc"
    static let azureMSI = "azure-msi"
    static let azureClientSecret = "azure-client-secret"
    static let azureCLI = "azure-cli"
    static let supported = [pat, oauthM2M, gitHubOIDC, azureDevOpsOIDC, azureMSI, azureClientSecret, azureCLI]
}
