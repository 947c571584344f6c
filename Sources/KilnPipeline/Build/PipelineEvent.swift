import Foundation
import KilnAPI
import KilnReports

/// What a build reports as it goes, for the console's live view, plain CI logs or `--json`.
public enum PipelineEvent: Sendable {
    /// Whether the change needs a build, and why.
    case decided(needsBuild: Bool, reason: String)
    /// Files staged so far: notebooks into the workspace, artifacts to storage.
    case staging(done: Int, total: Int, bytesDone: Int64, bytesTotal: Int64)
    case staged(notebooks: Int, artifacts: Int, bytes: Int64, workspaceDir: String, storageDir: String)
    case jobConfigured(jobId: Int64, name: String, created: Bool)
    case runStarted(runId: Int64, pageURL: String?)
    /// The run's state while it runs, after every poll, and what it is doing (its state message:
    /// waiting for a cluster, installing libraries).
    case runProgress(state: String, message: String, elapsed: Duration)
    case runEnded(result: String, message: String, elapsed: Duration)
    case resultsCollected(files: [String], report: TestReport, output: URL)
    case cleaned(paths: [String])
    case kept(paths: [String], because: String)
    case retention(deleted: [String])
    /// A line for the CI's agent (a logging or workflow command), printed as it is.
    case ciCommand(String)
    /// Anything else worth a line.
    case note(String)
    case warning(String)
}

/// Receives a build's events; the executable renders them.
public protocol PipelineObserver: Sendable {
    func handle(_ event: PipelineEvent)
}
