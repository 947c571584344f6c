import KilnAPI
import Logging

/// Follows a run until it ends, as `kiln run` must: polling `runs/get` as `RunPolling` says
/// (closely where the job's runs usually end, when that is known), cancelling the run when it passes its deadline (and reporting it
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
    ///   - seen: the run as the caller just saw it (in `runs/list`, with the job's last runs), and
    ///     how long those took; the first poll then waits its turn, unless the run had ended.
    ///   - progress: the run's state and the time waited, after every poll (for the live view).
    /// - Throws: `RunInterrupted` when the waiting task is cancelled, after the run's cancel went
    ///   out; the service's error when the run cannot be followed.
    public func wait(
        for runId: Int64, timeout: Duration? = nil, seen: (run: Run, expected: ExpectedDuration?)? = nil,
        progress: (RunProgress) -> Void = { _ in }
    ) async throws -> FinishedRun {
        let cancellation = RemoteCancellation(jobs: jobs, runId: runId)
        return try await withTaskCancellationHandler {
            do {
                return try await follow(runId, timeout: timeout, seen: seen, progress: progress)
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

    private func follow(
        _ runId: Int64, timeout: Duration?, seen: (run: Run, expected: ExpectedDuration?)?, progress: (RunProgress) -> Void
    ) async throws -> FinishedRun {
        let clock = ContinuousClock()
        let started = clock.now
        var schedule = PollSchedule(polling: polling, expected: seen?.expected)
        var cancelled: ContinuousClock.Instant?
        var lastRun: Run?
        var failedPolls = PollFailures(runId: runId, logger: logger)
        // A look at the run not yet acted on: the caller's, then each poll's. A listed run that
        // already ended is polled at once all the same: a listing leaves out its tasks, which
        // the build's output and verdict come from.
        var latest = seen.flatMap { $0.run.state.lifeCycleState.isTerminal ? nil : $0.run }
        while true {
            if latest == nil { latest = try await failedPolls.absorbing { try await jobs.getRun(runId: runId) } }
            if let run = latest {
                lastRun = run
                progress(RunProgress(runId: runId, state: run.state, elapsed: clock.now - started))
                if run.state.lifeCycleState.isTerminal {
                    return FinishedRun(run: run, timedOut: cancelled != nil)
                }
            }
            latest = nil
            let elapsed = clock.now - started
            var pause = schedule.pause(at: elapsed)
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
                    schedule.restart()
                    pause = schedule.pause(at: elapsed)
                } else {
                    pause = min(pause, timeout - elapsed)
                }
            }
            try await Task.sleep(for: pause)
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
