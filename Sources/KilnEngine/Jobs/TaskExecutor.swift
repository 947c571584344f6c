import Foundation
import KilnAPI

/// Executes one task of a run: the seam between the engine's run state machine and the
/// runtimes that run notebooks as real processes (tests plug in their own).
///
/// When the calling task is cancelled (the run was cancelled or timed out) an executor must stop
/// its work, killing any process it started, before it returns: the engine reports the run ended
/// only once `execute` has returned.
public protocol TaskExecutor: Sendable {
    func execute(_ invocation: TaskInvocation) async -> TaskResult
}

/// Everything an executor needs to know about one task run.
public struct TaskInvocation: Sendable {
    public var jobId: Int64
    public var jobRunId: Int64
    public var taskRunId: Int64
    public var task: JobTask
    /// Widget values: base parameters, job parameters and the run's parameters, merged.
    public var parameters: [String: String]
    /// argv of a Python-file task.
    public var arguments: [String]
    /// The pip dependencies of the job environment the task names (`environment_key`), if any.
    public var environmentDependencies: [String] = []
    /// The task run's own folder, created empty: for the program, its outputs and its logs.
    public var folder: URL
    /// Where the task's stdout and stderr go; `runs/get-output` serves their tail as `logs`.
    public var logFile: URL
    /// Runs the notebooks the task's program asks for with `dbutils.notebook.run`.
    public var workflows: (any NotebookWorkflows)?
    /// Sets the state message of the task and its run: what the task is doing before its
    /// program runs (installing libraries), as a cluster's run page says.
    public var progress: (@Sendable (String) async -> Void)?

    public init(
        jobId: Int64, jobRunId: Int64, taskRunId: Int64, task: JobTask, parameters: [String: String], arguments: [String],
        environmentDependencies: [String] = [], folder: URL, logFile: URL, workflows: (any NotebookWorkflows)? = nil,
        progress: (@Sendable (String) async -> Void)? = nil
    ) {
        self.jobId = jobId
        self.jobRunId = jobRunId
        self.taskRunId = taskRunId
        self.task = task
        self.parameters = parameters
        self.arguments = arguments
        self.environmentDependencies = environmentDependencies
        self.folder = folder
        self.logFile = logFile
        self.workflows = workflows
        self.progress = progress
    }
}

/// Starts the runs that `dbutils.notebook.run` asks for: the engine's scheduler, given to each
/// task it executes.
public protocol NotebookWorkflows: Sendable {
    /// Runs a notebook as a run of its own and waits for its end; cancelling the caller cancels it.
    func runWorkflow(_ request: NotebookWorkflowRequest) async throws -> NotebookWorkflowResult
}

/// A `dbutils.notebook.run(path, timeout_seconds, arguments)` call, its path made absolute.
public struct NotebookWorkflowRequest: Sendable, Equatable {
    public var notebookPath: String
    /// The child's widget values.
    public var arguments: [String: String]
    /// The child run's timeout; 0 is none.
    public var timeoutSeconds: Int
    /// The caller's cluster, which the child runs on, as on Databricks.
    public var clusterId: String?

    public init(notebookPath: String, arguments: [String: String], timeoutSeconds: Int, clusterId: String?) {
        self.notebookPath = notebookPath
        self.arguments = arguments
        self.timeoutSeconds = timeoutSeconds
        self.clusterId = clusterId
    }
}

/// How a workflow run ended: what the caller's `dbutils.notebook.run` returns or raises.
public struct NotebookWorkflowResult: Sendable, Equatable {
    public var runId: Int64
    public var resultState: ResultState
    /// What the child gave `dbutils.notebook.exit`.
    public var exitValue: String?
    /// Why it did not succeed.
    public var error: String?

    public init(runId: Int64, resultState: ResultState, exitValue: String?, error: String?) {
        self.runId = runId
        self.resultState = resultState
        self.exitValue = exitValue
        self.error = error
    }
}

/// How a task's work ended, when it was not stopped from outside.
public enum TaskResult: Sendable, Equatable {
    /// The work succeeded; `exitValue` is what `dbutils.notebook.exit` was given, if it was called.
    case succeeded(exitValue: String?)
    /// The work failed with the language's own message and its stack trace.
    case failed(error: String, trace: String?)
}
