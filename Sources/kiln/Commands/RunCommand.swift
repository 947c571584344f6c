import ArgumentParser
import KilnPipeline

/// `kiln run`: configure the job, start the run, follow it.
struct RunCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Configure the repository's job, start a run with the build's parameters and follow it to its end.",
        discussion: """
            Stage first, with the same build id.

            Example: kiln stage --build-id 42 && kiln run --build-id 42

            Exits 0 when the run succeeded and 2 when it failed, timed out or was cancelled.
            """
    )

    @OptionGroup var options: PipelineOptions

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            let ran = try await RunStep(session: session).run()
            return ran.finished.succeeded ? .passed : .runFailed
        }
    }
}
