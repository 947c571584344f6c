import KilnAPI

/// The cancel of a run, sent at most once, from a task of its own: `onCancel` of the waiting task
/// starts it at once, and the waiting task (itself cancelled, so any call it made would be cancelled
/// too) awaits its end before it returns.
final class RemoteCancellation: Sendable {
    private let jobs: any JobsService
    private let runId: Int64
    private let task = Locked<Task<(any Error)?, Never>?>(nil)

    init(jobs: any JobsService, runId: Int64) {
        self.jobs = jobs
        self.runId = runId
    }

    /// Starts the cancel unless it has started; returns the task that sends it.
    @discardableResult
    func start() -> Task<(any Error)?, Never> {
        task.withLock { task in
            if let task { return task }
            let started = Task { [jobs, runId] () -> (any Error)? in
                do {
                    try await jobs.cancelRun(runId: runId)
                    return nil
                } catch {
                    return error
                }
            }
            task = started
            return started
        }
    }

    /// Sends the cancel (or waits for the one under way); returns its error, if it failed.
    func send() async -> (any Error)? {
        await start().value
    }
}
