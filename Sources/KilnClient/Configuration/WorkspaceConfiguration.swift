import Foundation

/// Everything needed to talk to one workspace: where it is, how to sign in, how to pace calls.
public struct WorkspaceConfiguration: Sendable, CustomStringConvertible {
    /// `scheme://host[:port]`, normalized.
    public var host: String
    public var credentials: Credentials
    /// `cluster_id` of the profile or `DATABRICKS_CLUSTER_ID`, for job templates that need one.
    public var clusterId: String?
    public var settings: ClientSettings
    /// The proxies of `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`; none for a configuration given in full.
    public var proxy: ProxySettings
    /// Where each value came from, e.g. `host from DATABRICKS_HOST, token from profile [ci] in …`.
    public var origin: String

    /// A configuration given in full, as for `kiln serve` on loopback.
    public init(host: String, credentials: Credentials, settings: ClientSettings = ClientSettings()) throws(ClientConfigurationError) {
        guard let normalized = WorkspaceHost.normalized(host) else {
            throw ClientConfigurationError(
                .invalidHost, "'\(host)' is not a workspace URL; write it like https://adb-123.azuredatabricks.net")
        }
        self.host = normalized
        self.credentials = credentials
        self.settings = settings
        self.proxy = ProxySettings()
        self.origin = "the explicit options"
    }

    init(host: String, credentials: Credentials, clusterId: String?, settings: ClientSettings, proxy: ProxySettings, origin: String) {
        self.host = host
        self.credentials = credentials
        self.clusterId = clusterId
        self.settings = settings
        self.proxy = proxy
        self.origin = origin
    }

    /// Resolves the configuration as the Databricks SDKs do: `options`, then the environment, then
    /// a profile of the config file (reference §5). The environment and the home folder are
    /// passed in, so that resolution reads nothing hidden and tests can give their own.
    public static func resolve(
        _ options: ConnectionOptions = ConnectionOptions(), environment: [String: String], homeDirectory: URL
    ) throws(ClientConfigurationError) -> WorkspaceConfiguration {
        try ConfigurationResolver(options: options, environment: environment, homeDirectory: homeDirectory).resolve()
    }

    public var description: String { "\(host) with \(credentials)\(proxy.isEmpty ? "" : ", \(proxy)") (\(origin))" }
}
