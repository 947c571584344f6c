import Foundation

/// Chooses the credentials of a workspace from the resolved attributes and the environment, as
/// the SDKs' credential chain does: the method `auth_type` names, used whatever the host looks
/// like, or else the first method of `AuthType.supported` whose attributes are set (the Azure
/// methods only for an Azure Databricks host). Unlike the SDKs it decides without a network
/// call: a method chosen this way that then fails says why, where the SDKs would try the next.
struct CredentialResolver {
    let values: [ConfigAttribute: ConfigValue]
    let environment: [String: String]
    let host: String
    let hints: ConfigurationHints

    func resolve() throws(ClientConfigurationError) -> Credentials {
        if let chosen = values[.authType] {
            let name = chosen.value.lowercased()
            guard AuthType.supported.contains(name) else {
                throw ClientConfigurationError(
                    .unsupportedAuthType,
                    "auth_type '\(chosen.value)' from \(chosen.source) is not supported; use one of \(AuthType.supported.joined(separator: ", "))"
                )
            }
            return try credentials(name)
        }
        try requireOneFamily()
        guard let name = defaultMethod else {
            throw ClientConfigurationError(
                .missingCredentials,
                """
                no credentials for \(host): set DATABRICKS_TOKEN (or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET), \
                pass --token, or \(hints.addToProfile("token")); \(azureNote) (\(hints.fileNote))
                """)
        }
        return try credentials(name)
    }

    /// The method the SDKs' chain would settle on, from what is configured.
    private var defaultMethod: String? {
        if values[.token] != nil { return AuthType.pat }
        if values[.clientSecret] != nil { return AuthType.oauthM2M }
        if values[.clientId] != nil {
            if case .success = OIDCTokenRequest.gitHub(environment) { return AuthType.gitHubOIDC }
            if case .success = OIDCTokenRequest.azureDevOps(environment) { return AuthType.azureDevOpsOIDC }
            return AuthType.oauthM2M
        }
        guard AzureCloud(host: host) != nil else { return nil }
        if isTrue(values[.azureUseMSI]?.value) { return AuthType.azureMSI }
        if values[.azureClientSecret] != nil { return AuthType.azureClientSecret }
        return azureCLIExecutable != nil ? AuthType.azureCLI : nil
    }

    private var azureNote: String {
        guard AzureCloud(host: host) != nil else {
            return "the Azure methods are tried only for an Azure Databricks host; set DATABRICKS_AUTH_TYPE to use one with this host"
        }
        return """
            for Azure, set ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID, sign in with the Azure CLI (no `az` on PATH), \
            or set DATABRICKS_AUTH_TYPE to azure-msi, github-oidc or azure-devops-oidc
            """
    }

    private func credentials(_ authType: String) throws(ClientConfigurationError) -> Credentials {
        switch authType {
        case AuthType.pat:
            return .personalAccessToken(try required(.token, for: "auth_type \(AuthType.pat)", or: ", pass --token, or"))
        case AuthType.oauthM2M:
            guard let clientId = values[.clientId] else {
                throw ClientConfigurationError(.incompleteCredentials, "OAuth M2M needs client_id: \(hints.set(.clientId))")
            }
            let secret = try required(.clientSecret, for: "OAuth M2M", after: .clientId)
            return .oauthMachineToMachine(clientId: clientId.value, clientSecret: secret)
        case AuthType.azureClientSecret:
            let clientId = try requiredValue(.azureClientId, for: authType)
            let secret = try required(.azureClientSecret, for: "auth_type \(authType)", after: .azureClientId)
            let tenantId = try requiredValue(.azureTenantId, for: authType)
            return .azureClientSecret(clientId: clientId, clientSecret: secret, tenantId: tenantId, azure: try azureSettings())
        case AuthType.azureMSI:
            return .azureManagedIdentity(clientId: values[.azureClientId]?.value, azure: try azureSettings())
        case AuthType.azureCLI:
            guard let executable = azureCLIExecutable else {
                throw ClientConfigurationError(
                    .incompleteCredentials,
                    "auth_type azure-cli needs the Azure CLI, but there is no `az` on PATH: install it, or run Kiln in an AzureCLI@2 task")
            }
            let command = AzureCLICommand(executable: executable, tenantId: values[.azureTenantId]?.value, environment: environment)
            return .azureCLI(command, azure: try azureSettings())
        case AuthType.gitHubOIDC:
            let request = try oidcRequest(
                OIDCTokenRequest.gitHub(environment), authType, "GitHub Actions sets them for a job with `permissions: id-token: write`")
            return .workloadIdentityFederation(request, clientId: values[.clientId]?.value, audience: values[.tokenAudience]?.value)
        default:
            let request = try oidcRequest(
                OIDCTokenRequest.azureDevOps(environment), authType,
                "Azure DevOps sets them in a pipeline job; map SYSTEM_ACCESSTOKEN with `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`")
            return .workloadIdentityFederation(request, clientId: values[.clientId]?.value, audience: values[.tokenAudience]?.value)
        }
    }

    private func oidcRequest(
        _ result: Result<OIDCTokenRequest, OIDCTokenRequest.MissingVariables>, _ authType: String, _ hint: String
    ) throws(ClientConfigurationError) -> OIDCTokenRequest {
        switch result {
        case .success(let request): return request
        case .failure(let missing):
            throw ClientConfigurationError(
                .incompleteCredentials,
                "auth_type \(authType) needs the pipeline's OIDC variables, but \(missing.names.joined(separator: ", ")) \(missing.reason): \(hint)"
            )
        }
    }

    /// A secret the method needs, or an error that says where to set it (and which other
    /// attribute, set without it, it goes with).
    private func required(
        _ attribute: ConfigAttribute, for method: String, after other: ConfigAttribute? = nil, or extra: String = " or"
    ) throws(ClientConfigurationError) -> Secret {
        guard let value = values[attribute] else {
            let pairing = other.flatMap { other in values[other].map { " as well as \(other.fileKey) (from \($0.source))" } } ?? ""
            throw ClientConfigurationError(
                .incompleteCredentials,
                "\(method) needs \(attribute.fileKey)\(pairing): set \(attribute.environmentVariable ?? attribute.fileKey)\(extra) \(hints.addToProfile(attribute.fileKey))"
            )
        }
        return Secret(value.value)
    }

    private func requiredValue(_ attribute: ConfigAttribute, for method: String) throws(ClientConfigurationError) -> String {
        guard let value = values[attribute] else {
            throw ClientConfigurationError(
                .incompleteCredentials, "auth_type \(method) needs \(attribute.fileKey): \(hints.set(attribute))")
        }
        return value.value
    }

    /// Attributes of two authentication families set together are ambiguous without `auth_type`
    /// (SDK-go `Config.validate`).
    private func requireOneFamily() throws(ClientConfigurationError) {
        var families: [(family: String, attribute: ConfigAttribute, source: ConfigSource)] = []
        for attribute in ConfigAttribute.allCases {
            guard let family = attribute.authenticationFamily, let value = values[attribute],
                !families.contains(where: { $0.family == family })
            else { continue }
            families.append((family, attribute, value.source))
        }
        guard families.count > 1 else { return }
        let names = families.map { "\($0.family == "oauth" ? AuthType.oauthM2M : $0.family) (\($0.attribute.fileKey) from \($0.source))" }
        throw ClientConfigurationError(
            .conflictingCredentials,
            """
            more than one authorization method configured: \(names.joined(separator: " and ")); \
            set auth_type (DATABRICKS_AUTH_TYPE) to the one to use: \(AuthType.supported.joined(separator: ", "))
            """)
    }

    private func azureSettings() throws(ClientConfigurationError) -> AzureSettings {
        var cloud = AzureCloud(host: host) ?? .publicCloud
        if let named = values[.azureEnvironment] {
            guard let chosen = AzureCloud(environmentName: named.value) else {
                throw ClientConfigurationError(
                    .invalidValue, "azure_environment '\(named.value)' from \(named.source) must be PUBLIC, CHINA or USGOVERNMENT")
            }
            cloud = chosen
        }
        return AzureSettings(
            cloud: cloud, loginEndpoint: try endpoint(.azureLoginEndpoint).map { $0 + "/" },
            metadataEndpoint: try endpoint(.azureMetadataEndpoint), workspaceResourceId: values[.azureWorkspaceResourceId]?.value)
    }

    /// An endpoint override, `scheme://host[:port]` without a trailing slash.
    private func endpoint(_ attribute: ConfigAttribute) throws(ClientConfigurationError) -> String? {
        guard let value = values[attribute] else { return nil }
        guard let normalized = WorkspaceHost.normalized(value.value) else {
            throw ClientConfigurationError(
                .invalidValue, "\(attribute.fileKey) '\(value.value)' from \(value.source) must be a URL like http://127.0.0.1:8080")
        }
        return normalized
    }

    /// `az` on the `PATH` of the environment given (not Kiln's own: resolution reads nothing hidden).
    private var azureCLIExecutable: String? {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { "\($0)/az" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func isTrue(_ text: String?) -> Bool {
        ["true", "1", "yes"].contains(text?.lowercased() ?? "")
    }
}
