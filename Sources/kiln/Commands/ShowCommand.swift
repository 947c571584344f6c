import ArgumentParser
import KilnPipeline

/// `kiln show BUILD`: one build of the repository, with its failures.
struct ShowCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one build: its state, commit, run and test counts, and each failure with its message and location.",
        discussion: """
            Examples:
              kiln show 20261201.3
              kiln show 20261201.3 --target workspace --json
            """
    )

    @Argument(help: ArgumentHelp("The build's id, as `kiln history` lists it.", valueName: "build"))
    var build: String

    @OptionGroup var options: PipelineOptions

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            let record = try await BuildHistory(session: session).build(build)
            Console.out(options.json ? HistoryOutput.json(record) : HistoryOutput.page(record, repo: session.context.repo))
            return .passed
        }
    }
}
