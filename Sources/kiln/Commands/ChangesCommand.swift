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
        try await options.withSession { session in
            let decision = try await ChangesStep(config: session.config, context: session.context, environment: session.environment)
                .decide()
            session.observer.handle(.decided(needsBuild: decision.needsBuild, reason: decision.reason))
            for file in decision.matchingFiles { session.observer.handle(.note("  \(file)")) }
            try CIOutputs(ci: session.context.ci, environment: session.environment).set(
                "build_needed", azureName: "KILN_BUILD_NEEDED",
                value: String(decision.needsBuild), observer: session.observer)
            return .passed
        }
    }
}
