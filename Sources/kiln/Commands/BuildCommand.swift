import ArgumentParser
import KilnPipeline

/// `kiln build`: the whole pipeline.
struct BuildCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run the whole CI pipeline: changes, stage, run, results, clean.",
        discussion: """
            In a repository with a kiln.yml: decides whether the change needs a build, stages the \
            notebooks and artifacts into a folder of their own, runs the job, brings the JUnit results \
            back and tells the CI, then cleans up.

            Examples:
              kiln build                               # on the embedded engine (target local)
              kiln build --force --target workspace    # on the workspace of kiln.yml's target

            Exits 0 when the tests passed (or nothing relevant changed), 1 when tests failed, 2 when \
            the run failed, timed out or was cancelled, 3 on bad configuration, 4 when the workspace or \
            network failed.
            """
    )

    @Flag(help: "Build even when nothing under changes.paths changed.")
    var force = false

    @Flag(help: "Keep the build's workspace and storage folders afterwards.")
    var keep = false

    @Option(
        help: ArgumentHelp(
            "Write the HTML report of the repository's builds to this folder at the end (see kiln report).", valueName: "dir"))
    var report: String?

    @OptionGroup var options: PipelineOptions

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            let status = try await BuildPipeline(session: session, force: force, keep: keep).run()
            if let report {
                // The verdict stands; a report that cannot be written is worth a warning.
                do {
                    try await ReportOptions.write(session: session, to: report)
                } catch {
                    session.observer.handle(.warning("the report was not written to \(report): \(error)"))
                }
            }
            return status
        }
    }
}
