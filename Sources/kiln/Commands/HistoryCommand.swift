import ArgumentParser
import KilnPipeline

/// `kiln history`: the repository's builds, from the manifests in the workspace.
struct HistoryCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the repository's builds: id, commit, branch, when, duration, state, test counts, run.",
        discussion: """
            Read from each build's build.json in the target's storage, so every agent sees the same \
            history with no local state; retention bounds it.

            Examples:
              kiln history --limit 10
              kiln history --target workspace --json | jq '.[] | select(.state != "passed")'
            """
    )

    @Option(help: "Show at most this many builds, newest first.")
    var limit = 20

    @OptionGroup var options: PipelineOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit \(limit): give 1 or more") }
    }

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            let builds = try await BuildHistory(session: session).builds(limit: limit)
            if options.json {
                Console.out(HistoryOutput.json(builds))
            } else if builds.isEmpty {
                Console.out("no builds of \(session.context.repo) in \(session.config.storageRoot)/\(session.context.repo) yet")
            } else {
                Console.out(HistoryOutput.table(builds))
            }
            return .passed
        }
    }
}
