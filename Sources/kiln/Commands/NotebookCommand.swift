import ArgumentParser

/// `kiln notebook …`: work with one notebook on the embedded engine.
struct NotebookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Run a local notebook on the embedded engine.",
        discussion: "Example: kiln notebook run databricks/inference.R",
        subcommands: [NotebookRunCommand.self]
    )
}
