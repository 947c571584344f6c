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
}

/// How a task's work ended, when it was not stopped from outside.
public enum TaskResult: Sendable, Equatable {
    /// The work succeeded; `exitValue` is what `dbutils.notebook.exit` was given, if it was called.
    case succeeded(exitValue: String?)
    /// The work failed with the language's own message and its stack trace.
    case failed(error: String, trace: String?)
}
