import ArgumentParser
import KilnPipeline

/// `kiln build`: the whole pipeline.
struct BuildCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run the whole CI pipeline: changes, stage, run, results, clean.",
        discussion:
            "Exits 0 when the tests passed (or nothing relevant changed), 1 when tests failed, 2 when the run failed, timed out or was cancelled, 3 on bad configuration, 4 when the workspace or network failed."
    )

    @Flag(help: "Build even when nothing under changes.paths changed.")
    var force = false

    @Flag(help: "Keep the build's workspace and storage folders afterwards.")
    var keep = false

    @OptionGroup var options: PipelineOptions

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            try await BuildPipeline(session: session, force: force, keep: keep).run()
        }
    }
}
