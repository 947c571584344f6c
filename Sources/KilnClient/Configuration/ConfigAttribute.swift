/// A setting of the connection, under the names the Databricks SDKs give it in each source.
enum ConfigAttribute: String, CaseIterable, Sendable {
    case host, token, clientId, clientSecret, authType, clusterId, rateLimit, retryTimeoutSeconds, httpTimeoutSeconds

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
        }
    }

    /// The environment variable, for the attributes the SDKs read from the environment.
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
        }
    }

    /// Whether configuring it means choosing an authentication method; any of them set makes the
    /// SDKs skip the config file when no profile was asked for.
    var isAuthentication: Bool {
        switch self {
        case .token, .clientId, .clientSecret: true
        default: false
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
