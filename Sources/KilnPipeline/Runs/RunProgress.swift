import KilnAPI

/// A run's state as last polled, and how long the wait has lasted.
public struct RunProgress: Sendable, Hashable {
    public var runId: Int64
    public var state: RunState
    public var elapsed: Duration
}
