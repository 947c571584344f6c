import KilnAPI
import Logging

/// Follows a run until it ends, as `kiln run` must: polling `runs/get` quickly at first and less
/// often as the run goes on, cancelling the run when it passes its deadline (and reporting it
/// TIMEDOUT), and cancelling it when the waiting task is cancelled (Ctrl-C), so that no run is left
/// going on the workspace with nobody following it.
public struct RunWaiter: Sendable {
    public let jobs: any JobsService
    public let polling: RunPolling
    /// How long a run that passed its deadline may take to stop after the cancel before the
    /// waiter reports it TIMEDOUT anyway.
    public let cancelGrace: Duration
    private let logger: Logger

    public init(
        jobs: any JobsService, polling: RunPolling = RunPolling(), cancelGrace: Duration = .seconds(120),
        logger: Logger = Logger(label: "kiln.run", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.jobs = jobs
        self.polling = polling
        self.cancelGrace = cancelGrace
        self.logger = logger
    }

    /// Waits for run `runId` to end.
    ///
    /// - Parameters:
    ///   - timeout: when the run has not ended this long after the wait began, it is cancelled and
    ///     the result is TIMEDOUT; nil waits as long as it takes.
    ///   - progress: the run's state and the time waited, after every poll (for the live view).
    /// - Throws: `RunInterrupted` when the waiting task is cancelled, after the run's cancel went
    ///   out; the service's error when the run cannot be followed.
    public func wait(
        for runId: Int64, timeout: Duration? = nil, progress: (RunProgress) -> Void = { _ in }
    ) async throws -> FinishedRun {
        let cancellation = RemoteCancellation(jobs: jobs, runId: runId)
        return try await withTaskCancellationHandler {
            do {
                return try await follow(runId, timeout: timeout, progress: progress)
            } catch  where Task.isCancelled {
                // The cancel started in `onCancel`; the interrupt is reported only once it went out.
                let failure = await cancellation.send()
                logger.notice(
                    "interrupted: \(failure.map { "cancelling run \(runId) failed: \($0)" } ?? "run \(runId) was asked to cancel")")
                throw RunInterrupted(runId: runId, cancelFailure: failure.map { "\($0)" })
            }
        } onCancel: {
            cancellation.start()
        }
    }

    private func follow(_ runId: Int64, timeout: Duration?, progress: (RunProgress) -> Void) async throws -> FinishedRun {
        let clock = ContinuousClock()
        let started = clock.now
        var interval = polling.initialInterval
        var cancelled: ContinuousClock.Instant?
        while true {
            let run = try await jobs.getRun(runId: runId)
            let elapsed = clock.now - started
            progress(RunProgress(runId: runId, state: run.state, elapsed: elapsed))
            if run.state.lifeCycleState.isTerminal {
                return FinishedRun(run: run, timedOut: cancelled != nil)
            }
            var pause = interval
            if let cancelled {
                guard clock.now - cancelled < cancelGrace else { return FinishedRun(run: run, timedOut: true) }
            } else if let timeout {
                if elapsed >= timeout {
                    logger.notice("run \(runId) has not ended after \(timeout): cancelling it")
                    try await jobs.cancelRun(runId: runId)
                    cancelled = clock.now
                    interval = polling.initialInterval
                    pause = interval
                } else {
                    pause = min(pause, timeout - elapsed)
                }
            }
            try await Task.sleep(for: pause)
            interval = polling.interval(after: interval)
        }
    }
}
