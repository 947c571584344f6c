/// `status.state` of a run (Jobs 2.2 `RunLifecycleStateV2State`).
public struct RunStatusState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let blocked: RunStatusState = "BLOCKED"
    public static let pending: RunStatusState = "PENDING"
    public static let queued: RunStatusState = "QUEUED"
    public static let running: RunStatusState = "RUNNING"
    public static let terminating: RunStatusState = "TERMINATING"
    public static let terminated: RunStatusState = "TERMINATED"
    public static let waiting: RunStatusState = "WAITING"
}

/// `status.termination_details.code`: how a run ended (SDK `TerminationCodeCode`, abridged).
public struct TerminationCode: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let success: TerminationCode = "SUCCESS"
    public static let successWithFailures: TerminationCode = "SUCCESS_WITH_FAILURES"
    public static let userCanceled: TerminationCode = "USER_CANCELED"
    /// Cancelled by the platform, e.g. when the run passed its timeout.
    public static let canceled: TerminationCode = "CANCELED"
    public static let skipped: TerminationCode = "SKIPPED"
    public static let disabled: TerminationCode = "DISABLED"
    public static let runExecutionError: TerminationCode = "RUN_EXECUTION_ERROR"
    public static let internalError: TerminationCode = "INTERNAL_ERROR"
    public static let maxConcurrentRunsExceeded: TerminationCode = "MAX_CONCURRENT_RUNS_EXCEEDED"
}

/// `status.termination_details.type`: whose fault the ending was.
public struct TerminationType: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let success: TerminationType = "SUCCESS"
    public static let internalError: TerminationType = "INTERNAL_ERROR"
    public static let clientError: TerminationType = "CLIENT_ERROR"
    public static let cloudFailure: TerminationType = "CLOUD_FAILURE"
}

/// `status.queue_details.code`: why a run waits in the queue.
public struct QueueCode: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let activeRunsLimitReached: QueueCode = "ACTIVE_RUNS_LIMIT_REACHED"
    public static let maxConcurrentRunsReached: QueueCode = "MAX_CONCURRENT_RUNS_REACHED"
    public static let activeRunJobTasksLimitReached: QueueCode = "ACTIVE_RUN_JOB_TASKS_LIMIT_REACHED"
}

/// `run_type` of a run.
public struct RunType: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let jobRun: RunType = "JOB_RUN"
    /// A run started by `dbutils.notebook.run`.
    public static let workflowRun: RunType = "WORKFLOW_RUN"
    public static let submitRun: RunType = "SUBMIT_RUN"
}
