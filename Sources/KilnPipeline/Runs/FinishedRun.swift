import KilnAPI

/// A run that ended, or was cancelled because it passed its deadline.
public struct FinishedRun: Sendable, Hashable {
    /// The run as last polled.
    public var run: Run
    /// Whether the waiter cancelled the run at its deadline.
    public var timedOut: Bool

    public init(run: Run, timedOut: Bool) {
        self.run = run
        self.timedOut = timedOut
    }

    /// How the run ended: TIMEDOUT when the waiter cancelled it at its deadline.
    public var resultState: ResultState? {
        timedOut ? .timedOut : run.state.resultState
    }

    /// Whether the build may pass: the run terminated normally, its work succeeded (as the Jobs 2.2
    /// `status` says, else the legacy `state`) and no task failed. SUCCESS_WITH_FAILURES fails:
    /// its leaf tasks passed, but a task before them did not.
    public var succeeded: Bool {
        let state = run.reportedState
        return !timedOut && state.lifeCycleState == .terminated && state.resultState == .success && unsuccessfulTasks.isEmpty
    }

    /// The tasks that ended without succeeding, those that failed before those skipped because of
    /// them. A task left out on purpose (EXCLUDED by `run_if` or `only`, DISABLED) is not one.
    public var unsuccessfulTasks: [RunTask] {
        let tasks = (run.tasks ?? []).filter { task in
            let state = task.reportedState
            guard state.lifeCycleState != .internalError else { return true }
            guard let result = state.resultState else { return false }
            return ![.success, .excluded, .disabled].contains(result)
        }
        let followers: Set<ResultState> = [.upstreamFailed, .upstreamCanceled]
        return tasks.filter { !followers.contains($0.reportedState.resultState ?? .failed) }
            + tasks.filter { followers.contains($0.reportedState.resultState ?? .failed) }
    }

    /// Why the run failed, in a sentence that names the first task that did not succeed ("task
    /// train ended FAILED: …"); `output` is the output of one task run, used when it is that task's.
    public func failureReason(output: RunOutput?) -> String {
        guard let task = unsuccessfulTasks.first else { return output?.error ?? run.state.stateMessage }
        let state = task.reportedState
        let ending = state.resultState?.rawValue ?? state.lifeCycleState.rawValue
        let detail = (output?.metadata?.runId == task.runId ? output?.error : nil) ?? state.stateMessage
        return "task \(task.taskKey) ended \(ending)" + (detail.isEmpty ? "" : ": \(detail)")
    }
}
