/// What every Azure credential needs besides the identity: the cloud, the Entra ID endpoint, the
/// instance metadata endpoint and the workspace's ARM resource id when one is configured.
public struct AzureSettings: Sendable, Equatable {
    public var cloud: AzureCloud
    /// Entra ID's base URL: the cloud's, or `azure_login_endpoint` (`KILN_AZURE_LOGIN_ENDPOINT`)
    /// for a stand-in.
    public var loginEndpoint: String
    /// The instance metadata service: `http://169.254.169.254`, or `azure_metadata_endpoint`
    /// (`KILN_AZURE_METADATA_ENDPOINT`) for a stand-in.
    public var metadataEndpoint: String
    /// `/subscriptions/…/providers/Microsoft.Databricks/workspaces/…`, sent as
    /// `X-Databricks-Azure-Workspace-Resource-Id` so that a service principal that is not yet a
    /// workspace user but has a role on the workspace resource is let in.
    public var workspaceResourceId: String?

    static let defaultMetadataEndpoint = "http://169.254.169.254"

    public init(
        cloud: AzureCloud = .publicCloud, loginEndpoint: String? = nil, metadataEndpoint: String? = nil,
        workspaceResourceId: String? = nil
    ) {
        self.cloud = cloud
        self.loginEndpoint = loginEndpoint ?? cloud.loginEndpoint
        self.metadataEndpoint = metadataEndpoint ?? Self.defaultMetadataEndpoint
        self.workspaceResourceId = workspaceResourceId
    }
}
