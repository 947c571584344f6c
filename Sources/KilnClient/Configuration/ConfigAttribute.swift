/// A setting of the connection, under the names the Databricks SDKs give it in each source.
enum ConfigAttribute: String, CaseIterable, Sendable {
    case host, token, clientId, clientSecret, authType, clusterId, rateLimit, retryTimeoutSeconds, httpTimeoutSeconds
    case azureClientId, azureClientSecret, azureTenantId, azureEnvironment, azureWorkspaceResourceId, azureUseMSI
    case azureLoginEndpoint, azureMetadataEndpoint, tokenAudience

    /// The key in a `~/.databrickscfg` profile.
    var fileKey: String {
        switch self {
        case .host: "host"
        case .token: "token"
        case .clientId: "client_id"
        case .clientSecret: "client_secret"
        case .authType: "auth_type"
        case .clusterId: "cluster_id"
        case .rateLimit: "rate_limit"
        case .retryTimeoutSeconds: "retry_timeout_seconds"
        case .httpTimeoutSeconds: "http_timeout_seconds"
        case .azureClientId: "azure_client_id"
        case .azureClientSecret: "azure_client_secret"
        case .azureTenantId: "azure_tenant_id"
        case .azureEnvironment: "azure_environment"
        case .azureWorkspaceResourceId: "azure_workspace_resource_id"
        case .azureUseMSI: "azure_use_msi"
        case .azureLoginEndpoint: "azure_login_endpoint"
        case .azureMetadataEndpoint: "azure_metadata_endpoint"
        case .tokenAudience: "token_audience"
        }
    }

    /// The environment variable, for the attributes the SDKs read from the environment. The two
    /// endpoint overrides are Kiln's own (`KILN_…`): the SDKs hard-code those addresses.
    var environmentVariable: String? {
        switch self {
        case .host: "DATABRICKS_HOST"
        case .token: "DATABRICKS_TOKEN"
        case .clientId: "DATABRICKS_CLIENT_ID"
        case .clientSecret: "DATABRICKS_CLIENT_SECRET"
        case .authType: "DATABRICKS_AUTH_TYPE"
        case .clusterId: "DATABRICKS_CLUSTER_ID"
        case .rateLimit: "DATABRICKS_RATE_LIMIT"
        case .retryTimeoutSeconds, .httpTimeoutSeconds: nil
        case .azureClientId: "ARM_CLIENT_ID"
        case .azureClientSecret: "ARM_CLIENT_SECRET"
        case .azureTenantId: "ARM_TENANT_ID"
        case .azureEnvironment: "ARM_ENVIRONMENT"
        case .azureWorkspaceResourceId: "DATABRICKS_AZURE_RESOURCE_ID"
        case .azureUseMSI: "ARM_USE_MSI"
        case .azureLoginEndpoint: "KILN_AZURE_LOGIN_ENDPOINT"
        case .azureMetadataEndpoint: "KILN_AZURE_METADATA_ENDPOINT"
        case .tokenAudience: "DATABRICKS_TOKEN_AUDIENCE"
        }
    }

    /// The family of authentication methods a set attribute stands for, as SDK-go's `auth` tags:
    /// attributes of two families configured together need an `auth_type` to choose between
    /// them. Any of them set also makes the SDKs skip the config file when no profile was named.
    var authenticationFamily: String? {
        switch self {
        case .token: AuthType.pat
        case .clientId, .clientSecret: "oauth"
        case .azureClientId, .azureClientSecret, .azureTenantId, .azureWorkspaceResourceId, .azureUseMSI: "azure"
        default: nil
        }
    }
}

/// Where a resolved value came from, for descriptions and error messages (never the value itself).
enum ConfigSource: Sendable, Hashable, CustomStringConvertible {
    case option
    case environment(String)
    case profile(String, file: String)

    var description: String {
        switch self {
        case .option: "the explicit options"
        case .environment(let variable): variable
        case .profile(let name, let file): "profile [\(name)] in \(file)"
        }
    }
}
