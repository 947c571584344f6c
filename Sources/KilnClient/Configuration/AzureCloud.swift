/// An Azure cloud, as `ARM_ENVIRONMENT` names it: where Entra ID signs service principals in and
/// which resource the management token is for (SDK-go `common/environment/azure.go`).
public enum AzureCloud: String, Sendable, Equatable, CaseIterable {
    case publicCloud = "PUBLIC"
    case china = "CHINA"
    case usGovernment = "USGOVERNMENT"

    /// Entra ID's base URL, to which `<tenant>/oauth2/token` is appended.
    var loginEndpoint: String {
        switch self {
        case .publicCloud: "https://login.microsoftonline.com/"
        case .china: "https://login.chinacloudapi.cn/"
        case .usGovernment: "https://login.microsoftonline.us/"
        }
    }

    /// The resource of the token sent as `X-Databricks-Azure-SP-Management-Token`.
    var serviceManagementEndpoint: String {
        switch self {
        case .publicCloud: "https://management.core.windows.net/"
        case .china: "https://management.core.chinacloudapi.cn/"
        case .usGovernment: "https://management.core.usgovcloudapi.net/"
        }
    }

    /// The Azure Databricks application: the resource of every workspace token, in every cloud.
    static let databricksResource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"

    /// The cloud `ARM_ENVIRONMENT` names, written as SDK-py accepts it (`public`, `AzureChinaCloud`,
    /// `usgovernment`…); nil for another name.
    init?(environmentName: String) {
        var name = environmentName.uppercased()
        if name.hasPrefix("AZURE") { name = String(name.dropFirst(5)) }
        if name.hasSuffix("CLOUD") { name = String(name.dropLast(5)) }
        self.init(rawValue: name)
    }

    /// The cloud of an Azure Databricks host, by its DNS zone; nil for a host outside Azure.
    init?(host: String) {
        let name = WorkspaceHost.hostName(of: host)
        if name.hasSuffix(".azuredatabricks.net") {
            self = .publicCloud
        } else if name.hasSuffix(".databricks.azure.cn") {
            self = .china
        } else if name.hasSuffix(".databricks.azure.us") {
            self = .usGovernment
        } else {
            return nil
        }
    }
}
