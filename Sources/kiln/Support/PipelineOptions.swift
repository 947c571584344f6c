import ArgumentParser
import Foundation
import KilnAPI
import KilnEngine
import KilnPipeline

/// The options every pipeline command shares, and the session they open.
struct PipelineOptions: ParsableArguments {
    @OptionGroup var targetOptions: TargetOptions

    @Option(help: ArgumentHelp("The build id (default: the CI's, else a new local one).", valueName: "id"))
    var buildId: String?

    @Option(help: ArgumentHelp("The base ref to compare with (default: the CI's target branch, else changes.base).", valueName: "ref"))
    var base: String?

    @Option(help: "How many files are staged at once.")
    var parallelism = 8

    @Flag(help: "One JSON object per line instead of text.")
    var json = false

    /// Opens the build's session on its target; `body` gets it, and the target is closed afterwards.
    func withSession<T: Sendable>(_ body: (BuildSession) async throws -> T) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        let (configuration, target) = try targetOptions.load()
        let context = try await BuildContext.resolve(
            config: configuration, overrides: BuildContext.Overrides(buildID: buildId, base: base), environment: environment)
        let connection = try await targetOptions.connect(target, environment: environment)
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
