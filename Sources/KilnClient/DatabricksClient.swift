import AsyncHTTPClient
import Foundation
import KilnAPI
import Logging
import NIOCore

/// The REST client of a Databricks workspace (or of `kiln serve`): the `Databricks` services over
/// HTTP(S), sharing one HTTP client, one rate limiter and one set of credentials.
///
/// A process makes one and shuts it down once: `withDatabricksClient` does both, or call
/// `shutdown()` yourself (an HTTP client that is never shut down traps in debug builds).
public final class DatabricksClient: Sendable {
    public let configuration: WorkspaceConfiguration
    /// The services, to hand to the pipeline.
    public let databricks: Databricks
    private let http: HTTPClient

    /// - Parameter logger: gets each call's method, path (secret-looking query values masked),
    ///   status and duration at `debug`, and each retry; never a token, a secret or a body.
    ///   None logs nothing.
    public convenience init(configuration: WorkspaceConfiguration, logger: Logger? = nil) {
        self.init(configuration: configuration, logger: logger, currentTime: { Date() })
    }

    /// - Parameter currentTime: the clock OAuth tokens expire by (tests move it forward).
    init(configuration: WorkspaceConfiguration, logger: Logger?, currentTime: @escaping @Sendable () -> Date) {
        let logger = logger ?? Logger(label: "kiln.client", factory: { _ in SwiftLogNoOpLogHandler() })
        let settings = configuration.settings
        var pool = HTTPClient.Configuration.ConnectionPool()
        // The transport decides about retries: a refused connection must reach it, not be retried here.
        pool.retryConnectionEstablishment = false
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        let http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                // A redirect could carry the token to another host: Databricks answers in place.
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(10), read: TimeAmount(settings.requestTimeout)),
                connectionPool: pool))
        let transport = HTTPTransport(baseURL: configuration.host, http: http, settings: settings, logger: logger)
        let authenticator: any Authenticator =
            switch configuration.credentials {
            case .personalAccessToken(let token): TokenAuthenticator(token: token)
            case .oauthMachineToMachine(let clientId, let secret):
                OAuthTokenSource(transport: transport, clientId: clientId, clientSecret: secret, currentTime: currentTime)
            }
        let connection = WorkspaceConnection(transport: transport, authenticator: authenticator)
        self.configuration = configuration
        self.http = http
        self.databricks = Databricks(
            workspace: RESTWorkspaceService(connection: connection), dbfs: RESTDBFSService(connection: connection),
            files: RESTFilesService(connection: connection), jobs: RESTJobsService(connection: connection),
            clusters: RESTClustersService(connection: connection), identity: RESTIdentityService(connection: connection))
    }

    /// Closes the connections; the client cannot be used afterwards.
    public func shutdown() async throws {
        try await http.shutdown()
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
