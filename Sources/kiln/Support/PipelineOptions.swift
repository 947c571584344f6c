import ArgumentParser
import Foundation
import KilnAPI
import KilnEngine
import KilnPipeline

/// The options every pipeline command shares, and the session they open.
struct PipelineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The configuration file (default: kiln.yml in the current folder).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The target to build on: local (the embedded engine) or one of kiln.yml's targets.", valueName: "name"))
    var target: String?

    @Option(help: ArgumentHelp("The build id (default: the CI's, else a new local one).", valueName: "id"))
    var buildId: String?

    @Option(help: ArgumentHelp("The base ref to compare with (default: the CI's target branch, else changes.base).", valueName: "ref"))
    var base: String?

    @Option(
        help: ArgumentHelp(
            "The embedded engine's state folder, for the local target (default: KILN_STATE, else the target's state).", valueName: "dir"))
    var state: String?

    @Option(
        help: ArgumentHelp(
            "The profile of ~/.databrickscfg for a workspace target (default: the target's, else DATABRICKS_CONFIG_PROFILE).",
            valueName: "name"))
    var profile: String?

    @Option(help: "How many files are staged at once.")
    var parallelism = 8

    @Flag(help: "One JSON object per line instead of text.")
    var json = false

    @Flag(help: "Log every call to the workspace (secrets masked).")
    var verbose = false

    /// Opens the build's session on its target; `body` gets it, and the target is closed afterwards.
    func withSession<T: Sendable>(_ body: (BuildSession) async throws -> T) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let configuration = try KilnConfig.load(file: config.map { URL(fileURLWithPath: $0, relativeTo: directory) }, in: directory)
        let target = try configuration.target(named: self.target)
        let context = try await BuildContext.resolve(
            config: configuration, overrides: BuildContext.Overrides(buildID: buildId, base: base), environment: environment)
        let connection = try await TargetConnection.open(
            target, stateOption: state, profile: profile, environment: environment, verbose: verbose)
        let session = BuildSession(
            config: configuration, context: context, target: target, databricks: connection.databricks,
            observer: BuildOutput.choose(json: json, environment: environment), environment: environment,
            parallelism: parallelism, logger: connection.logger)
        do {
            let result = try await body(session)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
