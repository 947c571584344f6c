/// How to run the Azure CLI: the `az` found on `PATH` when the configuration was resolved, the
/// tenant to ask for, and the environment it runs with (the one Kiln was resolved with, so that
/// `AZURE_CONFIG_DIR` and `HOME` lead it to the login an `AzureCLI@2` task left).
public struct AzureCLICommand: Sendable, Equatable {
    public var executable: String
    public var tenantId: String?
    var environment: ChildEnvironment

    init(executable: String, tenantId: String?, environment: [String: String]) {
        self.executable = executable
        self.tenantId = tenantId
        self.environment = ChildEnvironment(environment)
    }
}
