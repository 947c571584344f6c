import Foundation
import KilnAPI

/// Step 4: configure the repository's job with this build's settings, start one run with the
/// build's parameters, and follow it until it ends — cancelled at the timeout, and cancelled when
/// the build is interrupted.
public struct RunStep: Sendable {
    public var session: BuildSession
    public init(session: BuildSession) { self.session = session }

    /// Records the run in the manifest, then follows it to its end.
    private func follow(runId: Int64, jobId: Int64) async throws -> (FinishedRun, BuildManifest) {
        let seen = await look(at: runId, jobId: jobId)
        let pageURL = seen?.run.runPageUrl
        // The manifest names the run before anything else happens, so that a build whose `kiln`
        // dies from here on can be told dead by its run (retention in ``CleanStep``).
        var manifest =
            try await session.readManifest() ?? BuildManifest(context: session.context, target: session.target.name, startedAt: Date())
        manifest.jobId = jobId
        manifest.runId = runId
        manifest.runPageUrl = pageURL
        manifest.state = "running"
        try await session.writeManifest(manifest)
        session.observer.handle(.runStarted(runId: runId, pageURL: pageURL))
        let waiter = RunWaiter(jobs: session.databricks.jobs, polling: session.polling, logger: session.logger)
        let finished = try await waiter.wait(for: runId, timeout: session.config.job.timeout, seen: seen) { progress in
            session.observer.handle(
                .runProgress(
                    state: progress.state.lifeCycleState.rawValue, message: progress.state.stateMessage, elapsed: progress.elapsed))
        }
        return (finished, manifest)
    }

    /// The run just started, and how long the job's last runs took, in one call (`runs/list`
    /// lists the job's runs newest first, the new one among them): its page for the log, and when
    /// to look closely for its end. A look that fails is no reason to end the build, which follows
    /// the run regardless; nil then, or when the run is not listed yet.
    private func look(at runId: Int64, jobId: Int64) async -> (run: Run, expected: ExpectedDuration?)? {
        let runs = try? await session.databricks.jobs.listRuns(RunsListQuery(jobId: jobId, limit: ExpectedDuration.sample + 1)).runs
        guard let runs, let run = runs.first(where: { $0.runId == runId }) else { return nil }
        return (run, ExpectedDuration(finishedRuns: runs.filter { $0.runId != runId }))
    }

    /// The job's own timeout: the build's, unless the template's is shorter. Kiln cancels the run
    /// at the build's timeout; the workspace ends it at the same time by itself, so a run whose
    /// `kiln` died (a killed agent) does not run on for the template's hours.
    static func jobTimeout(template: Int?, build: Duration) -> Int {
        let seconds = max(1, Int(build.components.seconds) + (build.components.attoseconds > 0 ? 1 : 0))
        guard let template, template > 0 else { return seconds }
        return min(template, seconds)
    }

    /// How much of a failed run's output the console shows.
    static let outputTailLines = 20

    /// A run that ended, and the output of the task that ran the build's notebook.
    public struct Ran: Sendable {
        public var jobId: Int64
        public var finished: FinishedRun
        public var output: RunOutput?
        public var elapsed: Duration
    }

    public func run() async throws -> Ran {
        let renderer = try TemplateRenderer(context: session.context, variables: session.config.variables, environment: session.environment)
        var rendered = try renderer.renderJob(session.config.job)
        rendered.settings.timeoutSeconds = Self.jobTimeout(template: rendered.settings.timeoutSeconds, build: session.config.job.timeout)
        let configurator = JobConfigurator(jobs: session.databricks.jobs, context: session.context)
        let lock = RepoLock(
            workspace: session.databricks.workspace, folder: "\(session.config.workspaceRoot)/\(session.context.repo)",
            owner: session.context.buildID)
        let (jobId, runId, created) = try await lock.withLock { try await configurator.configureAndStart(rendered) }
        session.observer.handle(.jobConfigured(jobId: jobId, name: configurator.jobName, created: created))
        let clock = ContinuousClock()
        let start = clock.now
        let finished: FinishedRun
        do {
            var manifest: BuildManifest
            (finished, manifest) = try await follow(runId: runId, jobId: jobId)
            // Ran, its results still to collect (now, or by a later `kiln results`): alive, not a
            // build whose `kiln` died with its run going (see CleanStep's retention).
            manifest.state = "ran"
            try await session.writeManifest(manifest)
        } catch let interrupted as RunInterrupted {
            throw interrupted
        } catch {
            // The run was started but can no longer be followed: cancel it (in a task the failure
            // does not cancel), so that nothing is left running on the workspace unwatched.
            let jobs = session.databricks.jobs
            await Task { try? await jobs.cancelRun(runId: runId) }.value
            throw error
        }
        let elapsed = clock.now - start
        let output = await session.taskOutput(of: finished.run)
        let result = finished.resultState?.rawValue ?? finished.run.state.lifeCycleState.rawValue
        let message =
            finished.timedOut ? "cancelled after the timeout of \(session.config.job.timeout)" : finished.failureReason(output: output)
        session.observer.handle(.runEnded(result: result, message: finished.succeeded ? "" : message, elapsed: elapsed))
        if !finished.succeeded, let logs = output?.logs, !logs.isEmpty {
            let tail = logs.split(separator: "\n", omittingEmptySubsequences: false).suffix(Self.outputTailLines).joined(separator: "\n")
            session.observer.handle(.note("the run's output, last lines:\n\(tail)"))
        }
        return Ran(jobId: jobId, finished: finished, output: output, elapsed: elapsed)
    }
}
