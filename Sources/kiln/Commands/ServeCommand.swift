import ArgumentParser
import Foundation
import KilnAPI
import KilnEngine
import KilnPipeline
import KilnServer
import Logging

/// The limits `kiln serve --rate-limits` enforces.
enum RateLimitsChoice: String, ExpressibleByArgument, CaseIterable {
    case none, databricks

    var limits: [EndpointRateLimit] { self == .databricks ? EndpointRateLimit.databricks : [] }
}

/// `kiln serve`: the embedded engine behind the Databricks REST API, on loopback by default.
struct ServeCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the embedded engine over the Databricks REST API, for any Databricks client.",
        discussion: """
            Every request needs 'Authorization: Bearer <token>'. The token is --token, else \
            KILN_SERVE_TOKEN, else a new one written to <state>/serve-token (readable by you only). \
            With --oauth-client-id, /oidc/v1/token gives tokens to that service principal; its secret \
            is KILN_SERVE_CLIENT_SECRET, else a new one written to <state>/serve-client-secret.
            Stops cleanly on SIGINT and SIGTERM: active runs are stopped and nothing acknowledged is lost.

            Example: KILN_SERVE_TOKEN=dapi-local kiln serve --port 8080, then \
            DATABRICKS_HOST=http://127.0.0.1:8080 DATABRICKS_TOKEN=dapi-local databricks jobs list
            """
    )

    @Option(help: "The address to listen on; anything but loopback is warned about.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 0

    @Option(
        help: ArgumentHelp("The bearer token clients must send (visible in the process list: prefer KILN_SERVE_TOKEN).", valueName: "token")
    )
    var token: String?

    @Option(
        help: ArgumentHelp("Inject faults into requests, e.g. '429:0@0.1,503@0.1,reset@0.05,on=/api/2.0/dbfs/*,seed=7'.", valueName: "spec")
    )
    var faults: String?

    @Option(
        help: ArgumentHelp(
            "Enforce a workspace's rate limits per endpoint (429 with Retry-After): 'databricks' (the published ones: "
                + "workspace import and DBFS 30 a second, runs/get 100…) or 'none'.", valueName: "limits"))
    var rateLimits = RateLimitsChoice.none

    @Option(help: ArgumentHelp("Serve OAuth M2M tokens to this service principal (client id).", valueName: "id"))
    var oauthClientId: String?

    @Option(
        help: ArgumentHelp(
            "Record every request as a JSON line in this file (method, path, query, body keys, content type; no secrets).",
            valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Close a connection that sends nothing for this many seconds.", valueName: "seconds"))
    var idleTimeout = 60

    @Flag(help: "Log every request.")
    var verbose = false

    @OptionGroup var engineOptions: EngineOptions

    /// Whether `host` is an address of this machine only (127.0.0.0/8, ::1, localhost).
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The server stops gracefully on SIGINT and SIGTERM itself.
    var cancelsOnInterrupt: Bool { false }

    func execute() async throws -> ExitStatus {
        let engine = try await engineOptions.openEngine()
        let environment = ProcessInfo.processInfo.environment
        let folder = engine.state.root
        let token = try token ?? environment["KILN_SERVE_TOKEN"] ?? Self.generatedSecret(in: folder, named: "serve-token")
        let oauthClient = try oauthClientId.map { id in
            OAuthClient(
                id: id,
                secret: try environment["KILN_SERVE_CLIENT_SECRET"] ?? Self.generatedSecret(in: folder, named: "serve-client-secret"))
        }
        var logger = Logger(label: "kiln.serve")
        logger.logLevel = verbose ? .info : .warning
        var configuration = ServerConfiguration(host: host, port: port, token: token, faults: faults, oauthClient: oauthClient)
        configuration.recorder = try record.map(Self.recorder(writingTo:))
        configuration.idleTimeout = .seconds(max(1, idleTimeout))
        configuration.rateLimits = rateLimits.limits
        if !Self.isLoopback(host) {
            Console.error(
                "kiln serve: WARNING: listening on \(host), beyond this machine: whoever reaches it with the token runs code here "
                    + "as this user, over plain HTTP. Leave --host at 127.0.0.1 unless that is what you mean.")
        }
        let app = try buildApplication(engine: engine, configuration: configuration, logger: logger) { url in
            Console.out("kiln serve: listening on \(url)")
        }
        try await app.runService()
        await engine.stopActiveRuns()
        Console.error("kiln serve: stopped")
        return .passed
    }

    /// The recorder of `--record`: a file that cannot be written is a usage error, found before the server starts.
    private static func recorder(writingTo path: String) throws -> RequestRecorder {
        do {
            return try RequestRecorder(file: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("--record \(path): cannot write the file (\(error.localizedDescription)).")
        }
    }

    /// A new secret written to a file only the user can read; returns it. The secret itself is never printed.
    private static func generatedSecret(in folder: URL, named name: String) throws -> String {
        let file = folder.appendingPathComponent(name)
        let secret = ServerConfiguration.generateToken()
        guard FileManager.default.createFile(atPath: file.path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw EngineError.stateFolder(folder.path, "cannot write \(name)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        Console.out("kiln serve: \(name == "serve-token" ? "token" : "OAuth client secret") written to \(file.path)")
        return secret
    }
}
