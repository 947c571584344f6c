import KilnAPI

/// How a task or a whole run ended, and the state and status Databricks reports for it.
enum RunOutcome: Sendable, Equatable {
    case succeeded
    case failed
    case timedOut(seconds: Int)
    case canceled
    case upstreamFailed
    case upstreamCanceled
    case excluded
    case disabled
    case skippedAtLimit(Int)
    case engineStopped

    var resultState: ResultState {
        switch self {
        case .succeeded: .success
        case .failed, .engineStopped: .failed
        case .timedOut: .timedOut
        case .canceled: .canceled
        case .upstreamFailed: .upstreamFailed
        case .upstreamCanceled: .upstreamCanceled
        case .excluded: .excluded
        case .disabled: .disabled
        case .skippedAtLimit: .maximumConcurrentRunsReached
        }
    }

    var isFailure: Bool { [.failed, .upstreamFailed, .engineStopped].contains(self) || isTimeout }
    var isTimeout: Bool { if case .timedOut = self { true } else { false } }
    var isCancellation: Bool { self == .canceled || self == .upstreamCanceled }

    /// The `state` of a task run that ended this way.
    func taskState() -> RunState {
        RunState(
            lifeCycleState: lifeCycleState(isJob: false), resultState: resultState, stateMessage: message(task: nil),
            userCancelledOrTimedout: isCancellation || isTimeout ? true : nil)
    }

    func lifeCycleState(isJob: Bool) -> LifeCycleState {
        switch self {
        case .upstreamFailed, .upstreamCanceled, .excluded, .disabled, .skippedAtLimit: .skipped
        case .engineStopped: .internalError
        // Databricks reports a job run whose task failed as INTERNAL_ERROR/FAILED (reference §3, observed shape).
        case .failed: isJob ? .internalError : .terminated
        default: .terminated
        }
    }

    /// The state message, naming the first failed task for a job run.
    func message(task: String?) -> String {
        switch self {
        case .succeeded: ""
        case .failed:
            task.map { "Task \($0) failed with message: Workload failed, see run output for details." }
                ?? "Workload failed, see run output for details"
        case .timedOut(let seconds): "Timed out after \(seconds) seconds."
        case .canceled: "Run cancelled."
        case .upstreamFailed: "Upstream task failed."
        case .upstreamCanceled: "Upstream task was cancelled."
        case .excluded: "Excluded from this run."
        case .disabled: "Task is disabled."
        case .skippedAtLimit(let limit):
            "Skipping this run because the limit of \(limit) maximum concurrent runs has been reached."
        case .engineStopped:
            "The embedded engine stopped while this run was active; the run did not finish. Start a new run."
        }
    }

    func status(task: String?) -> RunStatus {
        let (code, type): (String, String) =
            switch self {
            case .succeeded: ("SUCCESS", "SUCCESS")
            case .failed: ("RUN_EXECUTION_ERROR", "CLIENT_ERROR")
            case .timedOut: ("CANCELED", "CLIENT_ERROR")
            case .canceled: ("USER_CANCELED", "SUCCESS")
            case .upstreamFailed, .upstreamCanceled, .excluded: ("SKIPPED", "SUCCESS")
            case .disabled: ("DISABLED", "SUCCESS")
            case .skippedAtLimit: ("MAX_CONCURRENT_RUNS_EXCEEDED", "CLIENT_ERROR")
            case .engineStopped: ("INTERNAL_ERROR", "INTERNAL_ERROR")
            }
        return RunStatus(state: "TERMINATED", terminationDetails: TerminationDetails(code: code, type: type, message: message(task: task)))
    }

    /// The outcome of a run from its tasks' outcomes: a failure first, then a timeout, then a cancellation.
    static func ofRun(_ tasks: [(key: String, outcome: RunOutcome)]) -> (RunOutcome, failedTask: String?) {
        if let failed = tasks.first(where: { $0.outcome == .failed || $0.outcome == .engineStopped }) { return (.failed, failed.key) }
        if let timedOut = tasks.first(where: { $0.outcome.isTimeout }) { return (timedOut.outcome, nil) }
        if tasks.contains(where: { $0.outcome.isCancellation }) { return (.canceled, nil) }
        if tasks.contains(where: { $0.outcome == .upstreamFailed }) { return (.failed, nil) }
        return (.succeeded, nil)
    }

    /// Whether a task whose dependencies ended with `upstream` runs, and how it ends if it does not.
    static func admission(of runIf: RunIf?, upstream: [RunOutcome]) -> RunOutcome? {
        let successes = upstream.filter { $0 == .succeeded || $0 == .excluded || $0 == .disabled }.count
        let failures = upstream.filter(\.isFailure).count
        let cancellations = upstream.filter(\.isCancellation).count
        switch runIf ?? .allSuccess {
        case .allDone: return nil
        case .atLeastOneSuccess: return successes > 0 || upstream.isEmpty ? nil : .upstreamFailed
        case .noneFailed: return failures == 0 ? nil : .upstreamFailed
        case .atLeastOneFailed: return failures > 0 ? nil : .excluded
        case .allFailed: return failures == upstream.count ? nil : .excluded
        default:
            if successes == upstream.count { return nil }
            return cancellations > 0 && failures == 0 ? .upstreamCanceled : .upstreamFailed
        }
    }
}
