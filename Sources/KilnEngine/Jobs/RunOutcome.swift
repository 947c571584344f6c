import KilnAPI

/// How a task or a whole run ended, and the state and status Databricks reports for it.
enum RunOutcome: Sendable, Equatable {
    case succeeded
    /// A job run whose leaf tasks succeeded while a task before them failed (a leaf that runs
    /// `ALL_DONE`, or one that does not depend on the failed task).
    case succeededWithFailures
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
        case .succeededWithFailures: .successWithFailures
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
        case .succeededWithFailures:
            task.map { "Task \($0) failed with message: Workload failed, see run output for details. The leaf tasks succeeded." }
                ?? "Some tasks failed; the leaf tasks succeeded."
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
        let (code, type): (TerminationCode, TerminationType) =
            switch self {
            case .succeeded: (.success, .success)
            case .succeededWithFailures: (.successWithFailures, .success)
            case .failed: (.runExecutionError, .clientError)
            case .timedOut: (.canceled, .clientError)
            case .canceled: (.userCanceled, .success)
            case .upstreamFailed, .upstreamCanceled, .excluded: (.skipped, .success)
            case .disabled: (.disabled, .success)
            case .skippedAtLimit: (.maxConcurrentRunsExceeded, .clientError)
            case .engineStopped: (.internalError, .internalError)
            }
        return RunStatus(state: .terminated, terminationDetails: TerminationDetails(code: code, type: type, message: message(task: task)))
    }

    /// The outcome of a run from its tasks' outcomes: a failure first, then a timeout, then a
    /// cancellation. As on Databricks the leaf tasks (those no task depends on) decide ("How does
    /// Databricks Jobs determine job run status?", conditional-tasks docs): when they all succeeded
    /// (an excluded task counts as succeeded) although another task failed or timed out, the run
    /// ended SUCCESS_WITH_FAILURES, which names the first failed task.
    static func ofRun(_ tasks: [(key: String, outcome: RunOutcome)], leaves: Set<String>) -> (RunOutcome, failedTask: String?) {
        let failed = tasks.first { $0.outcome == .failed || $0.outcome == .engineStopped || $0.outcome.isTimeout }
        let leafOutcomes = tasks.filter { leaves.contains($0.key) }.map(\.outcome)
        if let failed, !leafOutcomes.isEmpty, leafOutcomes.allSatisfy({ [.succeeded, .excluded, .disabled].contains($0) }) {
            return (.succeededWithFailures, failed.key)
        }
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
