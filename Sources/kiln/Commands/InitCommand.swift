import ArgumentParser
import Foundation
import KilnPipeline

/// `kiln init`: sets up an existing repository for Kiln in one step.
struct InitCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a repository: kiln.yml, a job template, test runners and the CI files, from what it holds.",
        discussion: """
            Finds the notebooks folder (Databricks SOURCE notebooks or .ipynb), their languages, the \
            model and data files, and the tests (testthat under tests/testthat, pytest's test_*.py), \
            then writes kiln.yml (with a comment on every key), a job template and a test-runner \
            notebook per framework when the repository has none (a runner already there is used, its \
            widgets filled in), and the CI files --ci asks for. On a terminal it asks for what the \
            flags leave open; elsewhere it asks nothing. It never replaces a file without --force: \
            when one exists it writes nothing.

            Examples:
              kiln init                                   # look, ask, write
              kiln init --ci azure,github                 # and both CI pipelines
              kiln init --notebooks notebooks --tests tests --storage-root /Volumes/main/ci/kiln/build

            Then `kiln build --force` runs the tests on the embedded engine. Exits 0 when written, 3 \
            when a flag is wrong, no tests were found, or a file exists.
            """
    )

    @Argument(help: "The repository's root folder.", completion: .directory)
    var directory = "."

    @Option(help: "The folder of the notebooks (default: the folder holding them).", completion: .directory)
    var notebooks: String?

    @Option(help: "A folder of tests (default: tests/testthat, or the folder of the test_*.py files); repeat for more.")
    var tests: [String] = []

    @Option(help: "Where builds keep their files: dbfs:/<folder> or /Volumes/<catalog>/<schema>/<volume>/<folder>.")
    var storageRoot: String?

    @Option(help: "The environment variable that holds the cluster id.")
    var clusterVar = InitOptions.defaultClusterVariable

    @Option(help: "The CI files to write: azure, github, or azure,github (default: none, or asked on a terminal).")
    var ci: String?

    @Flag(help: "Replace files that exist.")
    var force = false

    func execute() async throws -> ExitStatus {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let scan = try RepositoryScan.scan(root)
        let facts = await RepositoryFacts.detect(in: root, environment: ProcessInfo.processInfo.environment)
        var options = InitOptions(
            notebooks: notebooks, tests: tests, storageRoot: storageRoot ?? InitOptions.defaultStorageRoot, clusterVariable: clusterVar,
            ci: try ci.map(InitOptions.CISystem.list) ?? [], force: force)
        if Prompt.isInteractive {
            try ask(into: &options, scan: scan, root: root, facts: facts)
        }
        let plan = try InitPlan.make(scan: scan, options: options, repository: facts, root: root)
        for finding in plan.findings { Console.out("found \(finding)") }
        let outcome = try InitWriter(root: root, force: force).write(plan)
        Console.out("")
        let width = outcome.written.map(\.path.count).max() ?? 0
        for file in outcome.written {
            let verb = outcome.replaced.contains(file.path) ? "replaced" : "wrote"
            Console.out("\(verb) \(file.path.padding(toLength: width, withPad: " ", startingAt: 0))  \(file.purpose)")
        }
        if !outcome.ignoredLines.isEmpty { Console.out("added \(outcome.ignoredLines.joined(separator: " ")) to .gitignore") }
        Console.out("\nNow: kiln build --force   (the tests, on the embedded engine on this machine)")
        Console.out("Before the first pull request, set:")
        for (index, item) in plan.toDo.enumerated() { Console.out("  \(index + 1). \(item)") }
        return .passed
    }

    /// On a terminal, the choices no flag made, each with the found value as the default.
    private func ask(into options: inout InitOptions, scan: RepositoryScan, root: URL, facts: RepositoryFacts) throws {
        let found = try InitPlan.make(scan: scan, options: options, repository: facts, root: root)
        if notebooks == nil {
            let answer = Prompt.ask("Notebooks folder", default: found.notebooks.isEmpty ? "." : found.notebooks)
            options.notebooks = answer == "." ? "" : answer
        }
        if storageRoot == nil {
            options.storageRoot = Prompt.ask(
                "Storage root (dbfs:/… or /Volumes/<catalog>/<schema>/<volume>/…)", default: options.storageRoot)
        }
        if ci == nil {
            options.ci = try InitOptions.CISystem.list(
                Prompt.ask("CI files to write (azure, github, azure,github or none)", default: "none"))
        }
    }
}

/// Questions on a terminal: Enter takes the default.
enum Prompt {
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    static func ask(_ question: String, default value: String) -> String {
        Console.write(Data("\(question) [\(value)]: ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
        return answer.isEmpty ? value : answer
    }
}
