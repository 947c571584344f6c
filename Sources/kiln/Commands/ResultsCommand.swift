import ArgumentParser
import KilnAPI
import KilnPipeline

/// `kiln results`: bring back and publish the JUnit results of the build's run.
struct ResultsCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Collect the JUnit files the build's run wrote, merge them, write the merged file and tell the CI.",
        discussion: """
            Example: kiln results --build-id 20261201.3 --target workspace

            Exits 0 when the tests passed, 1 when tests failed or no results were written, 2 when the run failed.
            """
    )

    @OptionGroup var options: PipelineOptions

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            try await ResultsStep(session: session).runForRecordedRun().status
        }
    }
}
