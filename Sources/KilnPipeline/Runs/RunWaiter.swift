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
        var lastRun: Run?
        var failedPolls = PollFailures(runId: runId, logger: logger)
        while true {
            if let run = try await failedPolls.absorbing({ try await jobs.getRun(runId: runId) }) {
                lastRun = run
                progress(RunProgress(runId: runId, state: run.state, elapsed: clock.now - started))
                if run.state.lifeCycleState.isTerminal {
                    return FinishedRun(run: run, timedOut: cancelled != nil)
                }
            }
            let elapsed = clock.now - started
            var pause = interval
            if let cancelled {
                guard clock.now - cancelled < cancelGrace else {
                    guard let lastRun else { throw failedPolls.lastError ?? CancellationError() }
                    return FinishedRun(run: lastRun, timedOut: true)
                }
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

/// The polls of one run that failed after the client's own retries. A failed poll says nothing
/// about the run, which goes on on the workspace: the waiter notes it and polls again at its next
/// turn, so a bad minute of the service (a 504 from the gateway, a connection lost) never ends the
/// wait, and only the build's deadline or an interrupt cancels the run. A run that no longer
/// exists is the exception: there is nothing left to follow.
struct PollFailures {
    let runId: Int64
    let logger: Logger
    private(set) var lastError: (any Error)?
    private var inARow = 0

    init(runId: Int64, logger: Logger) {
        self.runId = runId
        self.logger = logger
    }

    /// The run, or nil when the poll failed in a way worth polling again after.
    mutating func absorbing(_ poll: () async throws -> Run) async throws -> Run? {
        do {
            let run = try await poll()
            if inARow > 0 { logger.notice("run \(runId): polling works again after \(inARow) failed poll\(inARow == 1 ? "" : "s")") }
            inARow = 0
            return run
        } catch let error as DatabricksError where error.code != .resourceDoesNotExist && !Task.isCancelled {
            inARow += 1
            lastError = error
            logger.warning("run \(runId): polling failed (\(inARow) in a row), the run is still followed: \(error)")
            return nil
        }
    }
}
