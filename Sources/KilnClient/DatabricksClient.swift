import AsyncHTTPClient
import Foundation
import KilnAPI
import Logging
import NIOCore

/// The REST client of a Databricks workspace (or of `kiln serve`): the `Databricks` services over
/// HTTP(S), sharing one HTTP client, one pace per endpoint and one set of credentials.
///
/// A process makes one and shuts it down once: `withDatabricksClient` does both, or call
/// `shutdown()` yourself (an HTTP client that is never shut down traps in debug builds).
public final class DatabricksClient: Sendable {
    public let configuration: WorkspaceConfiguration
    /// The services, to hand to the pipeline.
    public let databricks: Databricks
    private let clients: HTTPClientPool

    /// - Parameter logger: gets each call's method, path (secret-looking query values masked),
    ///   status and duration at `debug`, and each retry; never a token, a secret or a body.
    ///   None logs nothing.
    public convenience init(configuration: WorkspaceConfiguration, logger: Logger? = nil) {
        self.init(configuration: configuration, logger: logger, currentTime: { Date() })
    }

    /// - Parameter currentTime: the clock tokens expire by (tests move it forward).
    init(configuration: WorkspaceConfiguration, logger: Logger?, currentTime: @escaping @Sendable () -> Date) {
        let logger = logger ?? Logger(label: "kiln.client", factory: { _ in SwiftLogNoOpLogHandler() })
        let settings = configuration.settings
        let clients = HTTPClientPool(settings: settings)
        // Each host gets the proxy decision of its own URL (workspace, Entra ID, metadata service…).
        let transport = { (baseURL: String) in
            HTTPTransport(
                baseURL: baseURL, http: clients.client(proxy: configuration.proxy.proxy(for: baseURL)), settings: settings, logger: logger)
        }
        let workspace = transport(configuration.host)
        let authenticator = CredentialChain(workspace: workspace, transport: transport, currentTime: currentTime)
            .authenticator(for: configuration.credentials)
        let connection = WorkspaceConnection(transport: workspace, authenticator: authenticator)
        self.configuration = configuration
        self.clients = clients
        self.databricks = Databricks(
            workspace: RESTWorkspaceService(connection: connection), dbfs: RESTDBFSService(connection: connection),
            files: RESTFilesService(connection: connection), jobs: RESTJobsService(connection: connection),
            clusters: RESTClustersService(connection: connection), identity: RESTIdentityService(connection: connection),
            secrets: RESTSecretsService(connection: connection))
    }

    /// Closes the connections; the client cannot be used afterwards.
    public func shutdown() async throws {
        try await clients.shutdown()
    }
}

/// Runs `body` with a new client and shuts the client down afterwards, whether `body` threw or not.
public func withDatabricksClient<Result>(
    _ configuration: WorkspaceConfiguration, logger: Logger? = nil,
    isolation: isolated (any Actor)? = #isolation, _ body: (DatabricksClient) async throws -> Result
) async throws -> Result {
    let client = DatabricksClient(configuration: configuration, logger: logger)
    let result: Result
    do {
        result = try await body(client)
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
    return result
}
