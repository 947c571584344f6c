import ArgumentParser
import Foundation
import KilnPipeline

/// The options that say which configuration and which target a command works on, and how to reach it.
struct TargetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The configuration file (default: kiln.yml in the current folder).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The target: local (the embedded engine) or one of kiln.yml's targets.", valueName: "name"))
    var target: String?

    @Option(
        help: ArgumentHelp(
            "The embedded engine's state folder, for the local target (default: KILN_STATE, else the target's state).", valueName: "dir"))
    var state: String?

    @Option(
        help: ArgumentHelp(
            "The profile of ~/.databrickscfg for a workspace target (default: the target's, else DATABRICKS_CONFIG_PROFILE).",
            valueName: "name"))
    var profile: String?

    @Flag(help: "Log every call to the workspace (secrets masked).")
    var verbose = false

    /// `kiln.yml` (or `--config`) and the target it names (or `--target`).
    func load() throws -> (KilnConfig, Target) {
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let configuration = try KilnConfig.load(file: config.map { URL(fileURLWithPath: $0, relativeTo: directory) }, in: directory)
        return (configuration, try configuration.target(named: target))
    }

    /// Opens `target`, the engine or a workspace, with these options.
    func connect(_ target: Target, environment: [String: String]) async throws -> TargetConnection {
        try await TargetConnection.open(target, stateOption: state, profile: profile, environment: environment, verbose: verbose)
    }
}
