import Foundation
import KilnAPI
import KilnReports

/// The verdict of a build from its run and the test results it wrote: the merged report the CI
/// shows, and the exit status. A run that died before its tests could report still appears in the
/// report, as a failing test case named after the notebook carrying the run's error, so that the
/// CI's test tab shows why; a successful run that wrote no results fails the build.
public struct ResultsVerdict: Sendable {
    public var report: TestReport
    public var status: ExitStatus
    /// Why the build failed, when it did, in a sentence for the console.
    public var reason: String?

    /// How the run ended, as the verdict needs it.
    public struct RunEnding: Sendable {
        public var resultState: ResultState?
        public var lifeCycleState: LifeCycleState
        public var succeeded: Bool
        /// Why the run failed, naming the task that did not succeed (with its error when the
        /// output read is that task's).
        public var stateMessage: String
        public var errorTrace: String?
        public var logTail: String?
        /// Whether the workspace, not the notebook, ended the run (termination type
        /// `INTERNAL_ERROR` or `CLOUD_FAILURE`: the platform, a cluster that could not start, an
        /// engine that stopped): the build then fails as the workspace's failure (exit 4).
        public var platformFailure: Bool

        public init(finished: FinishedRun, output: RunOutput?) {
            resultState = finished.resultState
            lifeCycleState = finished.run.state.lifeCycleState
            succeeded = finished.succeeded
            let termination = finished.run.status?.terminationDetails?.type
            platformFailure = !finished.succeeded && (termination == .internalError || termination == .cloudFailure)
            stateMessage = finished.timedOut ? "cancelled at the build's timeout" : finished.failureReason(output: output)
            errorTrace = output?.errorTrace
            logTail = output?.logs.map { String($0.suffix(4000)) }
        }

        var summary: String { resultState?.rawValue ?? lifeCycleState.rawValue }
    }

    /// - Parameters:
    ///   - files: the result files read, by name; `unreadable` the ones that could not be read, with why.
    ///   - lookedAt: where the results were looked for, for the message when there are none.
    public init(files: [ResultFile], unreadable: [(name: String, error: String)], run: RunEnding, notebookPath: String, lookedAt: String) {
        var report = TestReport(merging: files, unreadable: unreadable)
        if !run.succeeded {
            let message = "The run ended \(run.summary): \(run.stateMessage)"
            let details = [run.errorTrace, run.logTail.map { "Output (last lines):\n\($0)" }].compactMap { $0 }.joined(separator: "\n\n")
            report.add(.runFailure(notebookPath: notebookPath, message: message, details: details), toSuiteNamed: "kiln")
            self.init(report: report, status: run.platformFailure ? .workspaceFailed : .runFailed, reason: message)
        } else if files.isEmpty && unreadable.isEmpty {
            let message =
                "The run succeeded but wrote no test results at \(lookedAt): check results.path in kiln.yml and where the notebook writes its JUnit XML."
            report.add(.runFailure(notebookPath: notebookPath, message: message), toSuiteNamed: "kiln")
            self.init(report: report, status: .testsFailed, reason: message)
        } else if report.hasFailures {
            let counts = report.counts
            self.init(report: report, status: .testsFailed, reason: "\(counts.failed) of \(counts.tests) tests failed")
        } else {
            self.init(report: report, status: .passed, reason: nil)
        }
    }

    private init(report: TestReport, status: ExitStatus, reason: String?) {
        self.report = report
        self.status = status
        self.reason = reason
    }
}
