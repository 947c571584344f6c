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

    /// What a step knows before it reaches its target: the configuration, the build and where its
    /// events go.
    struct Build {
        var config: KilnConfig
        var target: Target
        var context: BuildContext
        var observer: BuildOutput
        var environment: [String: String]
    }

    var overrides: BuildContext.Overrides { BuildContext.Overrides(buildID: buildId, base: base) }

    /// The build without its target, for a step that never calls the workspace (`kiln changes`):
    /// no engine is opened and no credential looked for, so it answers in milliseconds.
    func build(
        loaded: (KilnConfig, Target)? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Build {
        let (configuration, target) = try loaded ?? targetOptions.load()
        let context = try await BuildContext.resolve(config: configuration, overrides: overrides, environment: environment)
        return Build(
            config: configuration, target: target, context: context, observer: BuildOutput.choose(json: json, environment: environment),
            environment: environment)
    }

    /// Opens the build's session on its target; `body` gets it, and the target is closed afterwards.
    func withSession<T: Sendable>(_ body: (BuildSession) async throws -> T) async throws -> T {
        let build = try await build()
        let connection = try await targetOptions.connect(build.target, environment: build.environment)
        let session = BuildSession(
            config: build.config, context: build.context, target: build.target, databricks: connection.databricks,
            observer: build.observer, environment: build.environment, parallelism: parallelism, logger: connection.logger)
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
