import Foundation
import KilnAPI
import KilnClient
import KilnEngine
import KilnPipeline
import Logging

/// The workspace a target names, opened: the embedded engine in this process, or a real
/// workspace over the REST API.
struct TargetConnection: Sendable {
    var databricks: Databricks
    var logger: Logger
    /// The workspace's host, or "the embedded engine", for messages.
    var place: String
    /// Where the target is and how Kiln signs in to it, for `kiln doctor`; never a secret.
    var summary: String
    var close: @Sendable () async throws -> Void

    /// - Parameter profile: `--profile`, which wins over the target's profile.
    static func open(_ target: Target, stateOption: String?, profile: String?, environment: [String: String], verbose: Bool) async throws
        -> TargetConnection
    {
        var logger = Logger(label: "kiln")
        logger.logLevel = verbose ? .debug : .warning
        switch target.kind {
        case .local(let state, let cranRepo):
            let folder =
                stateOption.map { StateFolder.resolve(option: $0, environment: environment) }
                ?? environment["KILN_STATE"].map { StateFolder.resolve(option: $0, environment: environment) }
                ?? StateFolder(state)
            let engine = try await Engine(state: folder, settings: EngineSettings(cranRepo: cranRepo?.absoluteString))
            return TargetConnection(
                databricks: engine.databricks, logger: logger, place: "the embedded engine",
                summary: "the embedded engine, state in \(folder.root.path)",
                close: { await engine.close() })
        case .workspace(let host, let targetProfile):
            var options = ConnectionOptions(host: host?.absoluteString, profile: profile ?? targetProfile)
            if profile == nil, targetProfile != nil { options.profileOrigin = "target \(target.name) in kiln.yml" }
            // $HOME first, as the Databricks tools read it.
            let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
            let configuration = try WorkspaceConfiguration.resolve(options, environment: environment, homeDirectory: home)
            let client = DatabricksClient(configuration: configuration, logger: logger)
            return TargetConnection(
                databricks: client.databricks, logger: logger, place: configuration.host, summary: configuration.description,
                close: { try await client.shutdown() })
        }
    }
}
