/// What the caller says explicitly (command-line flags, `kiln.yml`): these win over the
/// environment and the config file, as constructor arguments do in the Databricks SDKs.
public struct ConnectionOptions: Sendable {
    public var host: String?
    public var token: Secret?
    public var clientId: String?
    public var clientSecret: Secret?
    /// `pat` or `oauth-m2m`: which method to use when more than one is configured.
    public var authType: String?
    /// The profile of the config file to read; asking for one makes its absence an error.
    public var profile: String?
    /// Who asked for `profile`, for messages: `--profile`, or where a configuration named it.
    public var profileOrigin: String = "--profile"
    /// The config file; default `DATABRICKS_CONFIG_FILE`, else `~/.databrickscfg`.
    public var configFile: String?
    /// Requests per second, for every call of the process together.
    public var rateLimit: Double?
    /// How long one call may keep retrying, in seconds.
    public var retryTimeoutSeconds: Int?
    /// How long one attempt may wait for its answer, in seconds.
    public var httpTimeoutSeconds: Int?

    public init(
        host: String? = nil, token: Secret? = nil, clientId: String? = nil, clientSecret: Secret? = nil,
        authType: String? = nil, profile: String? = nil, configFile: String? = nil, rateLimit: Double? = nil,
        retryTimeoutSeconds: Int? = nil, httpTimeoutSeconds: Int? = nil
    ) {
        self.host = host
        self.token = token
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.authType = authType
        self.profile = profile
        self.configFile = configFile
        self.rateLimit = rateLimit
        self.retryTimeoutSeconds = retryTimeoutSeconds
        self.httpTimeoutSeconds = httpTimeoutSeconds
    }

    /// The options as attribute values, the form the resolver merges with the other sources.
    var attributes: [ConfigAttribute: String] {
        var values: [ConfigAttribute: String] = [:]
        values[.host] = host
        values[.token] = token?.value
        values[.clientId] = clientId
        values[.clientSecret] = clientSecret?.value
        values[.authType] = authType
        values[.rateLimit] = rateLimit.map { String($0) }
        values[.retryTimeoutSeconds] = retryTimeoutSeconds.map { String($0) }
        values[.httpTimeoutSeconds] = httpTimeoutSeconds.map { String($0) }
        return values.filter { !$0.value.isEmpty }
    }
}
