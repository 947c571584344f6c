import Foundation

/// Resolves a workspace configuration from the explicit options, the environment and a profile of
/// the config file, in that order of precedence, as SDK-go's `config` package does.
struct ConfigurationResolver {
    let options: ConnectionOptions
    let environment: [String: String]
    let homeDirectory: URL

    private typealias Values = [ConfigAttribute: ConfigValue]

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
        let hints = ConfigurationHints(profile: profile.name, file: configFilePath, fileNote: fileNote)

        guard let host = values[.host] else {
            throw ClientConfigurationError(
                .missingHost, "no host: set DATABRICKS_HOST, pass --host, or \(hints.addToProfile("host")) (\(fileNote))")
        }
        guard let normalizedHost = WorkspaceHost.normalized(host.value) else {
            throw ClientConfigurationError(
                .invalidHost,
                "the host '\(host.value)' from \(host.source) is not a workspace URL; write it like https://adb-123.azuredatabricks.net")
        }
        let credentials = try CredentialResolver(values: values, environment: environment, host: normalizedHost, hints: hints).resolve()
        let origin = ConfigAttribute.allCases.compactMap { attribute in
            values[attribute].map { "\(attribute.fileKey) from \($0.source)" }
        }.joined(separator: ", ")
        return WorkspaceConfiguration(
            host: normalizedHost, credentials: credentials, clusterId: values[.clusterId]?.value,
            settings: try Self.settings(values), proxy: try ProxySettings(environment: environment), origin: origin)
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
        if choice == nil,
            let set = ConfigAttribute.allCases.first(where: { ($0 == .host || $0.authenticationFamily != nil) && values[$0] != nil }),
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

    private static func invalid(_ attribute: ConfigAttribute, _ value: ConfigValue, _ expected: String)
        -> ClientConfigurationError
    {
        ClientConfigurationError(.invalidValue, "\(attribute.fileKey) '\(value.value)' from \(value.source) must be \(expected)")
    }

}

private func nonEmpty(_ text: String?) -> String? {
    guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
    return text
}
