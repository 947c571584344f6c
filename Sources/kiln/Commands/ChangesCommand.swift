import ArgumentParser
import Foundation
import KilnPipeline

/// `kiln changes`: does this change need a build?
struct ChangesCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Say whether the change needs a build (files under changes.paths changed against the base).",
        discussion: """
            Prints the decision; in Azure DevOps it also sets the variable KILN_BUILD_NEEDED, in GitHub \
            Actions the step output build_needed. Exits 0 either way.

            Example: kiln changes --base origin/main
            """
    )

    @OptionGroup var options: PipelineOptions

    func execute() async throws -> ExitStatus {
        let environment = ProcessInfo.processInfo.environment
        let (config, target) = try options.targetOptions.load()
        // The comparison needs only the base ref: it goes while git answers the build's other facts.
        let baseRef = BuildContext.baseRef(config: config, overrides: options.overrides, ci: CIEnvironment.detect(in: environment))
        async let comparison = ChangesStep(config: config, baseRef: baseRef, environment: environment).decide()
        let build = try await options.build(loaded: (config, target), environment: environment)
        let decision = try await comparison
        build.observer.handle(.decided(needsBuild: decision.needsBuild, reason: decision.reason))
        for file in decision.matchingFiles { build.observer.handle(.note("  \(file)")) }
        try CIOutputs(ci: build.context.ci, environment: build.environment).set(
            "build_needed", azureName: "KILN_BUILD_NEEDED", value: String(decision.needsBuild), observer: build.observer)
        return .passed
    }
}
