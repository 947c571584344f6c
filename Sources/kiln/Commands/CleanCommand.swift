import ArgumentParser
import KilnPipeline

/// `kiln clean`: delete the build's folders and apply the retention policy.
struct CleanCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Delete the build's workspace and storage folders (unless kept) and older builds past the retention policy.",
        discussion: """
            Never deletes anything outside <root>/<repo>/, nor a build that is still running.

            Example: kiln clean --build-id 20261201.3 --target workspace
            """
    )

    @Flag(help: "Keep this build's folders; only apply the retention policy.")
    var keep = false

    @OptionGroup var options: PipelineOptions

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            let failed = try await session.recordedVerdictFailed()
            try await CleanStep(session: session).run(failed: failed, keep: keep)
            return .passed
        }
    }
}
