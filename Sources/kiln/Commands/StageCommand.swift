import ArgumentParser
import KilnPipeline

/// `kiln stage`: the build's notebooks and artifacts to the workspace.
struct StageCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Import the notebooks into the build's workspace folder and copy the artifacts to its storage folder.",
        discussion: """
            Writes the build's build.json manifest beside the artifacts; a stage repeated with the same \
            build id replaces what the last one wrote.

            Example: kiln stage --build-id 42 --target workspace
            """
    )

    @OptionGroup var options: PipelineOptions

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            _ = try await StageStep(session: session).run()
            return .passed
        }
    }
}
