import ArgumentParser
import Foundation
import KilnPipeline

/// `kiln report`: the repository's builds as a static HTML page.
struct ReportCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report of the builds: the latest with a search over its tests, charts, slowest and flaky tests.",
        discussion: """
            One self-contained folder (index.html: styles, script and charts inline, nothing fetched) \
            that opens from disk and can be kept as a CI artifact. `kiln build --report DIR` writes \
            it at the end of a build.

            Example: kiln report --out kiln-report && xdg-open kiln-report/index.html
            """
    )

    @Option(help: ArgumentHelp("The folder to write index.html to.", valueName: "dir"))
    var out = "kiln-report"

    @Option(help: "Show at most this many builds, newest first.")
    var limit = ReportOptions.defaultLimit

    @OptionGroup var options: PipelineOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit \(limit): give 1 or more") }
    }

    func execute() async throws -> ExitStatus {
        try await options.withSession { session in
            try await ReportOptions.write(session: session, to: out, limit: limit)
            return .passed
        }
    }
}

/// What `kiln report` and `kiln build --report` share.
enum ReportOptions {
    /// Builds a report shows unless told: more than retention keeps by default.
    static let defaultLimit = 100

    static func write(session: BuildSession, to folder: String, limit: Int = defaultLimit) async throws {
        let (page, builds) = try await BuildHistory(session: session).writeReport(to: URL(fileURLWithPath: folder), limit: limit)
        session.observer.handle(.note("report: \(builds) build(s) of \(session.context.repo) written to \(page.path)"))
    }
}
