import KilnAPI
import NIOHTTP1

/// Short-lived tokens sent as `Bearer`, each refreshed before it expires; for Azure, the headers
/// SDK-go's `azureVisitor` and `serviceToServiceVisitor` add: the workspace's ARM resource id when
/// configured, and a token of the Azure management endpoint, with which Azure Databricks adds a
/// service principal that has a role on the workspace resource as a workspace user.
struct RefreshingAuthenticator: Authenticator {
    let token: CachedToken
    var management: ManagementToken?
    var workspaceResourceId: String?

    static let managementTokenHeader = "X-Databricks-Azure-SP-Management-Token"
    static let workspaceResourceIdHeader = "X-Databricks-Azure-Workspace-Resource-Id"

    func headers() async throws -> HTTPHeaders {
        do {
            var headers: HTTPHeaders = ["Authorization": "Bearer \(try await token.value().value)"]
            if let workspaceResourceId { headers.add(name: Self.workspaceResourceIdHeader, value: workspaceResourceId) }
            if let management = try await management?.value() { headers.add(name: Self.managementTokenHeader, value: management.value) }
            return headers
        } catch let error as DatabricksError {
            throw CredentialFailure(error: error)
        }
    }

    func invalidate() async -> Bool {
        await token.invalidate()
        await management?.invalidate()
        return true
    }
}
