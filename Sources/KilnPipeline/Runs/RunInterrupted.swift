/// The wait for a run was interrupted (Ctrl-C); the run was asked to cancel before this was thrown.
public struct RunInterrupted: Error, Sendable, Hashable, CustomStringConvertible {
    public var runId: Int64
    /// Why the cancel failed, when it did: the run may still be going.
    public var cancelFailure: String?

    public var description: String {
        if let cancelFailure {
            return "interrupted; cancelling run \(runId) failed (\(cancelFailure)): cancel it in the workspace"
        }
        return "interrupted; run \(runId) was cancelled"
    }
}
