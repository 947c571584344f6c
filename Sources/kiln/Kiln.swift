import ArgumentParser

@main
struct Kiln: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "CI for notebook-based models on Databricks: prove every change on a workspace before it merges.",
        discussion: """
            Targets: the embedded engine (the default, `local`: runs R and Python notebooks on this \
            machine) or a Databricks workspace over its REST API.

            Exit codes:
              0  passed, or nothing to build
              1  tests failed
              2  the run failed, timed out or was cancelled
              3  bad configuration or usage
              4  the workspace or the network failed
            """,
        version: "0.1.0",
        subcommands: [
            BuildCommand.self, ChangesCommand.self, StageCommand.self, RunCommand.self, ResultsCommand.self, CleanCommand.self,
            NotebookCommand.self, ServeCommand.self, DoctorCommand.self,
        ]
    )
}
