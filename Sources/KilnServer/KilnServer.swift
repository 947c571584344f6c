import Foundation
import Hummingbird
import KilnAPI
import KilnEngine
import Logging
import NIOCore

/// How `kiln serve` listens and whom it lets in.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// The bearer token every request must carry.
    public var token: String
    /// A `--faults` specification, or nil for none (tests may still send `X-Kiln-Faults`).
    public var faults: String?
    /// The per-endpoint limits enforced with 429 and `Retry-After` (`--rate-limits databricks`);
    /// none by default.
    public var rateLimits: [EndpointRateLimit] = []
    /// The service principal allowed to get tokens from `/oidc/v1/token`, if any.
    public var oauthClient: OAuthClient?
    /// Where every request received is recorded (`kiln serve --record`), if anywhere.
    public var recorder: RequestRecorder?
    /// How long a connection may send nothing before it is closed, so that clients that open
    /// connections and go quiet (slow or stuck) cannot hold the server's connections forever.
    public var idleTimeout: Duration = .seconds(60)

    public init(host: String = "127.0.0.1", port: Int = 0, token: String, faults: String? = nil, oauthClient: OAuthClient? = nil) {
        self.host = host
        self.port = port
        self.token = token
        self.faults = faults
        self.oauthClient = oauthClient
    }

    /// A new random token, shaped like a Databricks personal access token.
    public static func generateToken() -> String { TokenVerifier.generate() }
}

/// A service principal's credentials for OAuth machine-to-machine tokens.
public struct OAuthClient: Sendable {
    public var id: String
    public var secret: String
    /// An OIDC token the server accepts in a token exchange (workload identity federation), for
    /// the client or with no client id: it stands in for a federation policy's check of the
    /// token's issuer, subject and audience, which a workspace makes on a signed JWT.
    public var federatedToken: String?
    public init(id: String, secret: String, federatedToken: String? = nil) {
        self.id = id
        self.secret = secret
        self.federatedToken = federatedToken
    }
}

/// The Databricks REST API over the embedded engine; used by `kiln serve` and the tests alike.
public func buildRouter(engine: Engine, configuration: ServerConfiguration) throws -> Router<ServerContext> {
    let tokens = TokenVerifier(token: configuration.token)
    let faults = FaultInjector(defaultPlan: try configuration.faults.map { spec throws(FaultPlanError) in try FaultPlan(parsing: spec) })
    let router = Router(context: ServerContext.self)
    if let recorder = configuration.recorder { router.add(middleware: RequestRecordingMiddleware(recorder: recorder)) }
    router.add(middleware: APIMiddleware(tokens: tokens, faults: faults, limits: RateLimitGate(limits: configuration.rateLimits)))
    let services = engine.databricks
    router.addWorkspaceRoutes(services.workspace)
    router.addDBFSRoutes(services.dbfs, scratch: engine.state.scratch)
    router.addFilesRoutes(services.files, engine: engine)
    router.addJobsRoutes(services.jobs)
    router.addClustersRoutes(services.clusters)
    router.addIdentityRoutes(services.identity)
    router.addSecretsRoutes(services.secrets)
    router.addOAuthRoutes(configuration.oauthClient, tokens: tokens)
    router.addDiscoveryRoutes()
    router.addRunPage()
    return router
}

/// The server: `onListening` gets the bound URL (the port, when 0 was asked for, is known only then).
public func buildApplication(
    engine: Engine, configuration: ServerConfiguration, logger: Logger = Logger(label: "kiln.serve"),
    onListening: @escaping @Sendable (String) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = try buildRouter(engine: engine, configuration: configuration)
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: TimeAmount.nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1))))),
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "kiln"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            let url = "http://\(host):\(port)"
            await engine.setRunPageBase("\(url)/?o=0")
            await onListening(url)
        },
        logger: logger)
}
