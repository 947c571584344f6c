import Foundation
import KilnReports

/// What every way of collecting results ends with (a build's results step, `kiln results` on
/// files): the merged file written where the CI picks it up, the console told, and the CI told in
/// its own terms (annotations, the Tests tab, the step summary).
public struct ResultsPublication: Sendable {
    public var observer: any PipelineObserver
    public var ci: CIEnvironment?
    public var environment: [String: String]

    public init(observer: any PipelineObserver, ci: CIEnvironment?, environment: [String: String]) {
        self.observer = observer
        self.ci = ci
        self.environment = environment
    }

    /// - Parameters:
    ///   - files: the names of the files the report was read from, for the console.
    ///   - title: the run's title in the CI (`kiln: r-model build 42`).
    public func publish(_ report: TestReport, files: [String], output: URL, title: String, runPageURL: String?) throws {
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JUnitWriter().write(report, to: output)
        observer.handle(.resultsCollected(files: files, report: report, output: output))
        let publisher = CIPublisher(ci: ci, environment: environment)
        for command in publisher.commands(for: report, junitFile: output, title: title) {
            observer.handle(.ciCommand(command))
        }
        try publisher.writeStepSummary(for: report, runPageURL: runPageURL, title: title)
    }
}
