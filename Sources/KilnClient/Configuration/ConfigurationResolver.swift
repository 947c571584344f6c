import Foundation

/// Resolves a workspace configuration from the explicit options, the environment and a profile of
/// the config file, in that order of precedence, as SDK-go's `config` package does.
struct ConfigurationResolver {
    let options: ConnectionOptions
    let environment: [String: String]
    let homeDirectory: URL

    private typealias Values = [ConfigAttribute: (value: String, source: ConfigSource)]

    /// The profile to read and who asked for it, when someone did.
    private struct ProfileChoice {
        var name: String
        var askedBy: String?
    }

    func resolve() throws(ClientConfigurationError) -> WorkspaceConfiguration {
        var values: Values = [:]
        for (attribute, value) in options.attributes {
            values[attribute] = (value, .option)
        }
        for attribute in ConfigAttribute.allCases where values[attribute] == nil {
            if let variable = attribute.environmentVariable, let value = nonEmpty(environment[variable]) {
                values[attribute] = (value, .environment(variable))
            }
        }
        let (profile, fileNote) = try readConfigFile(into: &values)
        let hints = Hints(profile: profile, file: configFilePath, fileNote: fileNote)

        guard let host = values[.host] else {
            throw ClientConfigurationError(
                .missingHost, "no host: set DATABRICKS_HOST, pass --host, or \(hints.addToProfile("host")) (\(fileNote))")
        }
        guard let normalizedHost = WorkspaceHost.normalized(host.value) else {
            throw ClientConfigurationError(
                .invalidHost,
                "the host '\(host.value)' from \(host.source) is not a workspace URL; write it like https://adb-123.azuredatabricks.net")
        }
        let credentials = try Self.credentials(values, host: normalizedHost, hints: hints)
        let origin = ConfigAttribute.allCases.compactMap { attribute in
            values[attribute].map { "\(attribute.fileKey) from \($0.source)" }
        }.joined(separator: ", ")
        return WorkspaceConfiguration(
            host: normalizedHost, credentials: credentials, clusterId: values[.clusterId]?.value,
            settings: try Self.settings(values), origin: origin)
    }

    /// The option, else `DATABRICKS_CONFIG_FILE`, else `~/.databrickscfg`; `~/` is the home folder given.
    var configFilePath: String {
        let path = options.configFile ?? nonEmpty(environment["DATABRICKS_CONFIG_FILE"]) ?? "~/.databrickscfg"
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return homeDirectory.appendingPathComponent(String(path.dropFirst(2))).path
    }

    /// Fills the attributes still unset from the chosen profile; returns the profile and a note
    /// of what was read, for error messages.
    private func readConfigFile(into values: inout Values) throws(ClientConfigurationError) -> (ProfileChoice, String) {
        var choice = requestedProfile
        let path = configFilePath
        // SDK-go reads no file when no profile was asked for and a host or credentials are set already.
        if choice == nil, let set = ConfigAttribute.allCases.first(where: { ($0 == .host || $0.isAuthentication) && values[$0] != nil }),
            let source = values[set]?.source
        {
            return (
                ProfileChoice(name: ConfigFile.defaultProfile),
                "\(path) was not read: \(set.fileKey) is set by \(source) and no profile was named"
            )
        }
        guard let file = try ConfigFile.load(path) else {
            if let choice, let askedBy = choice.askedBy {
                throw ClientConfigurationError(
                    .profileNotFound, "profile [\(choice.name)] was asked for by \(askedBy), but there is no config file at \(path)")
            }
            return (ProfileChoice(name: ConfigFile.defaultProfile), "there is no config file at \(path)")
        }
        if choice == nil, let setting = file.defaultProfileSetting {
            choice = ProfileChoice(name: setting, askedBy: "[\(ConfigFile.settingsSection)] default_profile in \(path)")
        }
        let profile = choice ?? ProfileChoice(name: ConfigFile.defaultProfile)
        guard let section = file.profile(profile.name) else {
            if let askedBy = profile.askedBy {
                let known =
                    file.profileNames.isEmpty
                    ? "it has no profiles" : "its profiles are " + file.profileNames.map { "[\($0)]" }.joined(separator: ", ")
                throw ClientConfigurationError(
                    .profileNotFound, "profile [\(profile.name)] was asked for by \(askedBy), but \(path) has no such profile; \(known)")
            }
            return (profile, "\(path) has no profile [\(profile.name)]")
        }
        for attribute in ConfigAttribute.allCases where values[attribute] == nil {
            if let value = nonEmpty(section[attribute.fileKey]) {
                values[attribute] = (value, .profile(profile.name, file: path))
            }
        }
        return (profile, "read profile [\(profile.name)] in \(path)")
    }

    /// The profile asked for explicitly: the option, else `DATABRICKS_CONFIG_PROFILE`.
    private var requestedProfile: ProfileChoice? {
        if let profile = nonEmpty(options.profile) { return ProfileChoice(name: profile, askedBy: options.profileOrigin) }
        if let profile = nonEmpty(environment["DATABRICKS_CONFIG_PROFILE"]) {
            return ProfileChoice(name: profile, askedBy: "DATABRICKS_CONFIG_PROFILE")
        }
        return nil
    }

    private static func credentials(_ values: Values, host: String, hints: Hints) throws(ClientConfigurationError) -> Credentials {
        let token = values[.token]
        let clientId = values[.clientId]
        let clientSecret = values[.clientSecret]
        var authType = values[.authType]?.value.lowercased()
        if let chosen = values[.authType], let name = authType, !AuthType.supported.contains(name) {
            throw ClientConfigurationError(
                .unsupportedAuthType,
                "auth_type '\(chosen.value)' from \(chosen.source) is not supported; use \(AuthType.supported.joined(separator: " or "))")
        }
        if authType == nil {
            let m2m = [clientId, clientSecret].compactMap { $0 }
            if let token, let first = m2m.first {
                throw ClientConfigurationError(
                    .conflictingCredentials,
                    """
                    more than one authorization method configured: \(AuthType.pat) (token from \(token.source)) and \
                    \(AuthType.oauthM2M) (\(clientId != nil ? "client_id" : "client_secret") from \(first.source)); \
                    set auth_type (DATABRICKS_AUTH_TYPE) to \(AuthType.pat) or \(AuthType.oauthM2M)
                    """)
            }
            authType = token != nil ? AuthType.pat : m2m.isEmpty ? nil : AuthType.oauthM2M
        }
        switch authType {
        case AuthType.pat?:
            guard let token else {
                throw ClientConfigurationError(
                    .incompleteCredentials,
                    "auth_type \(AuthType.pat) needs a token: set DATABRICKS_TOKEN, pass --token, or \(hints.addToProfile("token"))")
            }
            return .personalAccessToken(Secret(token.value))
        case AuthType.oauthM2M?:
            guard let clientId else {
                throw ClientConfigurationError(
                    .incompleteCredentials, "OAuth M2M needs client_id: set DATABRICKS_CLIENT_ID or \(hints.addToProfile("client_id"))")
            }
            guard let clientSecret else {
                throw ClientConfigurationError(
                    .incompleteCredentials,
                    "OAuth M2M needs client_secret as well as client_id (from \(clientId.source)): set DATABRICKS_CLIENT_SECRET or \(hints.addToProfile("client_secret"))"
                )
            }
            return .oauthMachineToMachine(clientId: clientId.value, clientSecret: Secret(clientSecret.value))
        default:
            throw ClientConfigurationError(
                .missingCredentials,
                """
                no credentials for \(host): set DATABRICKS_TOKEN (or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET), \
                pass --token, or \(hints.addToProfile("token")) (\(hints.fileNote))
                """)
        }
    }

    private static func settings(_ values: Values) throws(ClientConfigurationError) -> ClientSettings {
        var settings = ClientSettings()
        if let rate = values[.rateLimit] {
            guard let value = Double(rate.value), value > 0 else {
                throw invalid(.rateLimit, rate, "a positive number of requests per second")
            }
            settings.rateLimit = value
        }
        if let timeout = values[.retryTimeoutSeconds] {
            guard let seconds = Int(timeout.value), seconds > 0 else {
                throw invalid(.retryTimeoutSeconds, timeout, "a positive whole number of seconds")
            }
            settings.retryTimeout = .seconds(seconds)
        }
        if let timeout = values[.httpTimeoutSeconds] {
            guard let seconds = Int(timeout.value), seconds > 0 else {
                throw invalid(.httpTimeoutSeconds, timeout, "a positive whole number of seconds")
            }
            settings.requestTimeout = .seconds(seconds)
        }
        return settings
    }

    private static func invalid(_ attribute: ConfigAttribute, _ value: (value: String, source: ConfigSource), _ expected: String)
        -> ClientConfigurationError
    {
        ClientConfigurationError(.invalidValue, "\(attribute.fileKey) '\(value.value)' from \(value.source) must be \(expected)")
    }

    /// The parts of an error message that say where a missing value could go.
    private struct Hints {
        var profile: ProfileChoice
        var file: String
        var fileNote: String

        func addToProfile(_ key: String) -> String { "add \(key) to profile [\(profile.name)] in \(file)" }
    }
}

private func nonEmpty(_ text: String?) -> String? {
    guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
    return text
}
