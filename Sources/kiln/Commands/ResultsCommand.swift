import ArgumentParser
import Foundation
import KilnAPI
import KilnPipeline
import KilnReports

/// `kiln results`: bring back and publish the JUnit results of the build's run; or, given files,
/// read, merge and publish those, with no kiln.yml and no workspace.
struct ResultsCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Merge JUnit files, write the merged file and tell the CI: the build's run's, or the files given.",
        discussion: """
            Examples:
              kiln results --build-id 20261201.3 --target workspace
              kiln results 'test-results/**/*.xml' --output kiln-results/junit.xml --report markdown=summary.md

            Given files (paths, or quoted patterns with * ? [] and **), no kiln.yml or workspace is needed.
            Exits 0 when the tests passed, 1 when a test failed or errored (or a file could not be read),
            2 when no file could be read (in a build: when the run failed).
            """
    )

    @OptionGroup var options: PipelineOptions

    @Argument(help: ArgumentHelp("JUnit files or quoted patterns; without them, the build's run's results.", valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp("Where the merged JUnit file goes (default: kiln-results/junit.xml).", valueName: "file"))
    var output: String?

    @Option(
        name: .customLong("report"),
        help: ArgumentHelp("A summary to write as well: markdown=FILE (for a pull-request comment).", valueName: "kind=file"))
    var reports: [String] = []

    func validate() throws {
        for report in reports where !report.hasPrefix("markdown=") || report.count == "markdown=".count {
            throw ValidationError("--report \(report): write markdown=FILE, such as --report markdown=kiln-results/summary.md")
        }
        if files.isEmpty, output != nil || !reports.isEmpty {
            throw ValidationError(
                "--output and --report go with files: kiln results FILE… --output FILE; a build's results go where results.output in kiln.yml says"
            )
        }
    }

    func execute() async throws -> ExitStatus {
        guard !files.isEmpty else {
            return try await options.withSession { session in
                try await ResultsStep(session: session).runForRecordedRun().status
            }
        }
        let environment = ProcessInfo.processInfo.environment
        let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let collected = try FileResults(arguments: files, folder: folder).collect()
        guard !collected.files.isEmpty else {
            for file in collected.unreadable { Console.error("kiln results: \(file.name): \(file.error)") }
            Console.error("kiln results: no results file could be read")
            return .runFailed
        }
        let observer = BuildOutput.choose(json: options.json, environment: environment)
        try ResultsPublication(observer: observer, ci: CIEnvironment.detect(in: environment), environment: environment).publish(
            collected.report, files: collected.files, output: URL(fileURLWithPath: output ?? "kiln-results/junit.xml", relativeTo: folder),
            title: "kiln results", runPageURL: nil)
        for report in reports {
            let url = URL(fileURLWithPath: String(report.dropFirst("markdown=".count)), relativeTo: folder)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(MarkdownReporter().render(collected.report).utf8).write(to: url)
        }
        return collected.report.hasFailures ? .testsFailed : .passed
    }
}
