import ArgumentParser

/// Kiln's release version; `make dist` names the tarball after it.
let kilnVersion = "0.1.0"

@main
struct Kiln: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "CI for notebook-based models on Databricks: prove every change on a workspace before it merges.",
        discussion: """
            Targets: the embedded engine (the default, `local`: runs R and Python notebooks on this \
            machine) or a Databricks workspace over its REST API.

            Start with `kiln doctor` (is everything in place?), then `kiln build`. Shell completions: \
            kiln --generate-completion-script bash|zsh|fish.

            Example:
              kiln build --force              # the whole pipeline on the embedded engine

            Exit codes:
              0  passed, or nothing to build
              1  tests failed
              2  the run failed, timed out or was cancelled
              3  bad configuration or usage
              4  the workspace or the network failed
            """,
        version: "\(kilnVersion) (commit \(buildCommit))",
        subcommands: [
            BuildCommand.self, DoctorCommand.self, ChangesCommand.self, StageCommand.self, RunCommand.self, ResultsCommand.self,
            CleanCommand.self, HistoryCommand.self, ShowCommand.self, ReportCommand.self, InitCommand.self,
            NotebookCommand.self, SecretsCommand.self, ServeCommand.self,
        ]
    )
}
