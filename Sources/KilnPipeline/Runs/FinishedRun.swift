import KilnAPI

/// A run that ended, or was cancelled because it passed its deadline.
public struct FinishedRun: Sendable, Hashable {
    /// The run as last polled.
    public var run: Run
    /// Whether the waiter cancelled the run at its deadline.
    public var timedOut: Bool

    /// How the run ended: TIMEDOUT when the waiter cancelled it at its deadline.
    public var resultState: ResultState? {
        timedOut ? .timedOut : run.state.resultState
    }

    /// Whether the build may pass: the run terminated normally and its work succeeded.
    public var succeeded: Bool {
        !timedOut && run.state.lifeCycleState == .terminated && resultState?.isSuccess == true
    }
}
