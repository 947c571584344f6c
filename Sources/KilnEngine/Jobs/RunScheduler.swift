import Foundation
import KilnAPI

/// Drives runs through their life: admission against `max_concurrent_runs`, the task graph,
/// timeouts, cancellation, outputs, and recovery after the engine died.
///
/// Every change of state is written to the database before waiters are told, so what a caller
/// was told survives a crash; active runs are also kept in memory for cheap polling. A write that
/// fails (a full disk) does not stop the run: the next change writes the whole run again.
actor RunScheduler: NotebookWorkflows {
    private let store: RunStore
    private let jobs: JobRepository
    private let executor: any TaskExecutor
    private let folders: StateFolder
    private var runPageBase: String?

    /// The runs that have not ended, as last written.
    private var live: [Int64: Run] = [:]
    /// What each active run was started with: a run keeps the settings of the moment it started.
    private var settingsOfLive: [Int64: (JobSettings, RunNow)] = [:]
    /// The current `max_concurrent_runs` of each job with active runs: a reset applies at once.
    private var concurrencyLimits: [Int64: Int] = [:]
    private var drivers: [Int64: Task<Void, Never>] = [:]
    private var stopReasons: [Int64: RunOutcome] = [:]
    private var waiters: [Waiter] = []

    private struct Waiter {
        var runId: Int64
        var predicate: @Sendable (Run) -> Bool
        var continuation: CheckedContinuation<Run, Never>
    }

    /// How much of a task's logs `runs/get-output` returns, as on Databricks.
    static let maxLogBytes = 5 * 1024 * 1024

    init(store: RunStore, jobs: JobRepository, executor: any TaskExecutor, folders: StateFolder) {
        self.store = store
        self.jobs = jobs
        self.executor = executor
        self.folders = folders
    }

    /// Links in `run_page_url` point below this URL (the server's), else at the run's folder.
    func setRunPageBase(_ base: String?) {
        runPageBase = base
    }

    // MARK: - Starting

    func start(job: Job, request: RunNow) throws -> RunStarted {
        if let token = request.idempotencyToken {
            guard token.count <= 64 else {
                throw DatabricksError.invalidParameter("idempotency_token is \(token.count) characters; it may have at most 64.")
            }
            if let existing = try store.run(forToken: token, jobId: job.jobId) {
                return RunStarted(runId: existing, numberInJob: existing)
            }
        }
        let settings = job.settings
        let tasks = settings.tasks ?? []
        guard !tasks.isEmpty else { throw DatabricksError.invalidParameter("Job \(job.jobId) has no tasks to run.") }
        if let unknown = request.only?.first(where: { key in !tasks.contains { $0.taskKey == key } }) {
            throw DatabricksError.invalidParameter("Task '\(unknown)' named in 'only' is not a task of job \(job.jobId).")
        }

        var run = try newRun(jobId: job.jobId, settings: settings, request: request, type: .jobRun)
        let runId = run.runId
        let now = run.startTime

        let limit = settings.maxConcurrentRuns ?? 1
        concurrencyLimits[job.jobId] = limit
        let admitted = live.values.filter { $0.jobId == job.jobId && $0.state.lifeCycleState != .queued }.count
        if admitted >= limit {
            if request.queue?.enabled ?? settings.queue?.enabled ?? false {
                run.state = RunState(
                    lifeCycleState: .queued, stateMessage: "Queued: the job has reached its maximum of \(limit) concurrent runs.",
                    queueReason: "MAX_CONCURRENT_RUNS_REACHED")
                run.status = RunStatus(
                    state: .queued,
                    queueDetails: QueueDetails(
                        code: .maxConcurrentRunsReached,
                        message: "The job has reached its maximum of \(limit) concurrent runs."))
            } else {
                end(&run, outcome: .skippedAtLimit(limit), failedTask: nil, at: now)
            }
        }
        try store.insert(run, idempotencyToken: request.idempotencyToken)
        if !run.state.lifeCycleState.isTerminal {
            live[runId] = run
            settingsOfLive[runId] = (settings, request)
            if run.state.lifeCycleState == .pending { launch(runId) }
        }
        return RunStarted(runId: runId, numberInJob: runId)
    }

    /// A new run of `settings`, pending, its ids allocated: a job's run, or a workflow run, which
    /// has no job.
    private func newRun(jobId: Int64?, settings: JobSettings, request: RunNow, type: RunType) throws -> Run {
        let tasks = settings.tasks ?? []
        let ids = try store.allocateRunIds(1 + tasks.count)
        let runId = ids[0]
        let now = epochMillis()
        var run = Run(
            runId: runId, jobId: jobId, state: RunState(lifeCycleState: .pending, stateMessage: "Waiting for cluster"), startTime: now)
        run.numberInJob = runId
        run.originalAttemptRunId = runId
        run.attemptNumber = 0
        run.runName = settings.name ?? "Untitled"
        run.creatorUserName = JobRepository.userName
        run.runType = type
        run.runPageUrl = runPageURL(jobId: jobId, runId: runId, folder: folders.runFolder(runId))
        run.status = RunStatus(state: .pending)
        let resolver = ParameterResolver(jobId: jobId ?? 0, jobRunId: runId, settings: settings, request: request, startTime: now)
        run.jobParameters = settings.parameters == nil ? nil : resolver.jobParameters
        run.overridingParameters = RunParameters(notebookParams: request.notebookParams, pythonParams: request.pythonParams)
        run.tasks = zip(tasks, ids.dropFirst()).map { task, taskRunId in
            var runTask = RunTask(runId: taskRunId, taskKey: task.taskKey, state: RunState(lifeCycleState: .pending))
            runTask.description = task.description
            runTask.notebookTask = task.notebookTask.map {
                NotebookTask(notebookPath: $0.notebookPath, baseParameters: resolver.widgetValues(for: task, taskRunId: taskRunId))
            }
            runTask.sparkPythonTask = task.sparkPythonTask.map {
                SparkPythonTask(pythonFile: $0.pythonFile, parameters: resolver.arguments(for: task, taskRunId: taskRunId))
            }
            runTask.existingClusterId = task.existingClusterId
            runTask.clusterInstance = ClusterInstance(clusterId: task.existingClusterId ?? EngineClusters.clusterId)
            runTask.dependsOn = task.dependsOn
            runTask.runIf = task.runIf
            runTask.attemptNumber = 0
            runTask.runPageUrl = runPageURL(
                jobId: jobId, runId: taskRunId, folder: folders.taskFolder(jobRunId: runId, taskKey: task.taskKey))
            runTask.status = RunStatus(state: .pending)
            return runTask
        }
        return run
    }

    private func launch(_ runId: Int64) {
        drivers[runId] = Task { await self.drive(runId) }
    }

    /// Starts the oldest queued runs of a job that now fit under its limit.
    private func admitQueued(jobId: Int64) {
        let runs = live.values.filter { $0.jobId == jobId }.sorted { $0.runId < $1.runId }
        guard let limit = concurrencyLimits[jobId] else { return }
        var admitted = runs.filter { $0.state.lifeCycleState != .queued }.count
        for var run in runs where run.state.lifeCycleState == .queued && admitted < limit {
            run.state = RunState(lifeCycleState: .pending, stateMessage: "Waiting for cluster")
            run.status = RunStatus(state: .pending)
            run.queueDuration = epochMillis() - run.startTime
            publish(run)
            launch(run.runId)
            admitted += 1
        }
    }

    /// Applies a job's new `max_concurrent_runs` at once (a raised limit admits queued runs); runs
    /// already started keep the rest of the settings they started with, as on Databricks.
    func settingsChanged(jobId: Int64, settings: JobSettings) {
        guard concurrencyLimits[jobId] != nil else { return }
        concurrencyLimits[jobId] = settings.maxConcurrentRuns ?? 1
        admitQueued(jobId: jobId)
    }

    // MARK: - Workflow runs

    /// Runs a notebook as `dbutils.notebook.run` does: a run of its own (`WORKFLOW_RUN`, with no
    /// job, outside any job's concurrency limit) with the arguments as its widget values and the
    /// timeout as its own; waits for its end. When the caller is cancelled, so is the child.
    func runWorkflow(_ request: NotebookWorkflowRequest) async throws -> NotebookWorkflowResult {
        let name = String(request.notebookPath.split(separator: "/").last ?? "notebook")
        let task = JobTask(
            taskKey: "notebook", notebookTask: NotebookTask(notebookPath: request.notebookPath, baseParameters: request.arguments),
            existingClusterId: request.clusterId)
        let settings = JobSettings(name: name, tasks: [task], timeoutSeconds: request.timeoutSeconds > 0 ? request.timeoutSeconds : nil)
        let run = try newRun(jobId: nil, settings: settings, request: RunNow(jobId: 0), type: .workflowRun)
        let runId = run.runId
        try store.insert(run, idempotencyToken: nil)
        live[runId] = run
        settingsOfLive[runId] = (settings, RunNow(jobId: 0))
        launch(runId)
        let ended = try await withTaskCancellationHandler {
            try await wait(for: runId) { $0.state.lifeCycleState.isTerminal }
        } onCancel: {
            Task { try? await self.cancel(runId: runId) }
        }
        let output = try ended.tasks?.first.flatMap { try store.output(taskRunId: $0.runId) }
        return NotebookWorkflowResult(
            runId: runId, resultState: ended.state.resultState ?? .failed, exitValue: output?.notebookOutput?.result,
            error: output?.error ?? ended.state.stateMessage)
    }

    // MARK: - Running

    private func drive(_ runId: Int64) async {
        guard var run = live[runId], let (settings, request) = settingsOfLive[runId] else { return }
        let timeout = settings.timeoutSeconds ?? 0
        if !Task.isCancelled {
            run.state = RunState(lifeCycleState: .running, stateMessage: "In run")
            run.status = RunStatus(state: .running)
            publish(run)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.executeGraph(runId, settings: settings, request: request) }
                if timeout > 0 {
                    group.addTask {
                        guard (try? await Task.sleep(for: .seconds(timeout))) != nil else { return }
                        await self.stop(runId, reason: .timedOut(seconds: timeout))
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
        finish(runId)
    }

    private func executeGraph(_ runId: Int64, settings: JobSettings, request: RunNow) async {
        let tasks = settings.tasks ?? []
        var outcomes: [String: RunOutcome] = [:]
        var launched = Set<String>()
        await withTaskGroup(of: (String, RunOutcome).self) { group in
            func launchReady() {
                var progressed = true
                while progressed {
                    progressed = false
                    for task in tasks where !launched.contains(task.taskKey) {
                        let upstream = (task.dependsOn ?? []).map(\.taskKey)
                        guard upstream.allSatisfy({ outcomes[$0] != nil }) else { continue }
                        launched.insert(task.taskKey)
                        let skip: RunOutcome? =
                            if let only = request.only, !only.contains(task.taskKey) { .excluded } else if task.disabled == true {
                                .disabled
                            } else { RunOutcome.admission(of: task.runIf, upstream: upstream.compactMap { outcomes[$0] }) }
                        if let skip {
                            outcomes[task.taskKey] = skip
                            endTask(runId, key: task.taskKey, outcome: skip, result: nil)
                            progressed = true
                        } else {
                            group.addTask { (task.taskKey, await self.runTask(runId, task: task)) }
                        }
                    }
                }
            }
            launchReady()
            for await (key, outcome) in group {
                outcomes[key] = outcome
                if !Task.isCancelled { launchReady() }
            }
        }
    }

    private func runTask(_ runId: Int64, task: JobTask) async -> RunOutcome {
        guard var run = live[runId], let index = run.tasks?.firstIndex(where: { $0.taskKey == task.taskKey }),
            let (settings, request) = settingsOfLive[runId]
        else { return .canceled }
        var runTask = run.tasks![index]
        let now = epochMillis()
        runTask.startTime = now
        runTask.setupDuration = 0
        runTask.state = RunState(lifeCycleState: .running, stateMessage: "In run")
        runTask.status = RunStatus(state: .running)
        run.tasks![index] = runTask
        publish(run)

        let folder = folders.taskFolder(jobRunId: runId, taskKey: task.taskKey)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let resolver = ParameterResolver(
            jobId: run.jobId ?? 0, jobRunId: runId, settings: settings, request: request, startTime: run.startTime)
        let invocation = TaskInvocation(
            jobId: run.jobId ?? 0, jobRunId: runId, taskRunId: runTask.runId, task: task,
            parameters: resolver.widgetValues(for: task, taskRunId: runTask.runId),
            arguments: resolver.arguments(for: task, taskRunId: runTask.runId),
            environmentDependencies: settings.environments?.first { $0.environmentKey == task.environmentKey }?.spec?.dependencies ?? [],
            folder: folder, logFile: folder.appendingPathComponent("logs"), workflows: self,
            progress: { message in await self.setStateMessage(runId, key: task.taskKey, message) })
        let timeout = task.timeoutSeconds ?? 0
        let executor = self.executor
        let result: TaskResult? = await withTaskGroup(of: TaskResult?.self) { group in
            group.addTask { await executor.execute(invocation) }
            if timeout > 0 {
                group.addTask {
                    try? await Task.sleep(for: .seconds(timeout))
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        let outcome: RunOutcome
        if Task.isCancelled {
            outcome = stopReasons[runId] ?? .canceled
        } else if let result {
            if case .succeeded = result { outcome = .succeeded } else { outcome = .failed }
        } else {
            outcome = .timedOut(seconds: timeout)
        }
        endTask(runId, key: task.taskKey, outcome: outcome, result: result)
        return outcome
    }

    /// A running task's new state message, shown on the task and on its run.
    private func setStateMessage(_ runId: Int64, key: String, _ message: String) {
        guard var run = live[runId], let index = run.tasks?.firstIndex(where: { $0.taskKey == key }),
            run.tasks![index].state.lifeCycleState == .running
        else { return }
        run.tasks![index].state.stateMessage = message
        run.state.stateMessage = message
        publish(run)
    }

    private func endTask(_ runId: Int64, key: String, outcome: RunOutcome, result: TaskResult?) {
        guard var run = live[runId], let index = run.tasks?.firstIndex(where: { $0.taskKey == key }) else { return }
        var task = run.tasks![index]
        let now = epochMillis()
        if task.startTime == 0 { task.startTime = now }
        task.endTime = now
        task.executionDuration = now - task.startTime
        task.cleanupDuration = 0
        task.runDuration = now - task.startTime
        task.state = outcome.taskState()
        task.status = outcome.status(task: nil)
        run.tasks![index] = task
        var output = RunOutput()
        switch result {
        case .succeeded(let exitValue):
            if task.notebookTask != nil { output.notebookOutput = Self.notebookOutput(exitValue) }
        case .failed(let error, let trace):
            output.error = error
            output.errorTrace = trace
        case nil:
            if outcome != .succeeded { output.error = outcome.message(task: nil) }
        }
        try? store.saveOutput(output, taskRunId: task.runId)
        publish(run)
    }

    private static func notebookOutput(_ exitValue: String?) -> NotebookOutput {
        guard let exitValue else { return NotebookOutput(result: nil, truncated: nil) }
        let bytes = Array(exitValue.utf8)
        guard bytes.count > NotebookOutput.maxResultBytes else { return NotebookOutput(result: exitValue, truncated: false) }
        return NotebookOutput(result: String(decoding: bytes.prefix(NotebookOutput.maxResultBytes), as: UTF8.self), truncated: true)
    }

    /// Ends a run from its tasks' outcomes; tasks that never started end as the run was stopped.
    private func finish(_ runId: Int64) {
        guard var run = live[runId] else { return }
        let stop = stopReasons[runId]
        for task in run.tasks ?? [] where !task.state.lifeCycleState.isTerminal {
            endTask(runId, key: task.taskKey, outcome: stop.map { $0.isTimeout ? .canceled : $0 } ?? .canceled, result: nil)
        }
        run = live[runId] ?? run
        let tasks = (run.tasks ?? []).map { (key: $0.taskKey, outcome: Self.outcome(of: $0.state)) }
        let upstream = Set((run.tasks ?? []).flatMap { $0.dependsOn ?? [] }.map(\.taskKey))
        let leaves = Set(tasks.map(\.key)).subtracting(upstream)
        let (outcome, failedTask) = stop.map { ($0, nil) } ?? RunOutcome.ofRun(tasks, leaves: leaves)
        end(&run, outcome: outcome, failedTask: failedTask, at: epochMillis())
        publish(run)
        live[runId] = nil
        settingsOfLive[runId] = nil
        if let jobId = run.jobId, !live.values.contains(where: { $0.jobId == jobId }) { concurrencyLimits[jobId] = nil }
        drivers[runId] = nil
        stopReasons[runId] = nil
        if let jobId = run.jobId { admitQueued(jobId: jobId) }
    }

    private func end(_ run: inout Run, outcome: RunOutcome, failedTask: String?, at now: Int64) {
        run.state = RunState(
            lifeCycleState: outcome.lifeCycleState(isJob: true), resultState: outcome.resultState,
            stateMessage: outcome.message(task: failedTask),
            userCancelledOrTimedout: outcome.isCancellation || outcome.isTimeout ? true : nil)
        run.status = outcome.status(task: failedTask)
        run.endTime = now
        run.runDuration = now - run.startTime
        run.setupDuration = 0
        run.executionDuration = 0
        run.cleanupDuration = 0
    }

    private static func outcome(of state: RunState) -> RunOutcome {
        switch state.resultState {
        case .success: .succeeded
        case .timedOut: .timedOut(seconds: 0)
        case .canceled: .canceled
        case .upstreamFailed: .upstreamFailed
        case .upstreamCanceled: .upstreamCanceled
        case .excluded: .excluded
        case .disabled: .disabled
        default: .failed
        }
    }

    // MARK: - Stopping

    func cancel(runId: Int64) throws {
        let jobRunId = try store.parent(ofTaskRun: runId) ?? runId
        guard let run = live[jobRunId] else {
            guard try store.run(jobRunId) != nil else { throw Self.missing(runId) }
            return
        }
        if run.state.lifeCycleState == .queued {
            stopReasons[jobRunId] = .canceled
            finish(jobRunId)
        } else {
            stop(jobRunId, reason: .canceled)
        }
    }

    private func stop(_ runId: Int64, reason: RunOutcome) {
        guard stopReasons[runId] == nil else { return }
        stopReasons[runId] = reason
        drivers[runId]?.cancel()
    }

    /// Cancels every active run of a deleted job.
    func cancelRuns(ofJob jobId: Int64) {
        for run in live.values where run.jobId == jobId {
            try? cancel(runId: run.runId)
        }
    }

    /// Waits until every run that has started has ended, at most `limit`; true when none is left.
    /// A process that holds the engine waits for runs it cancelled, so they end CANCELED, not
    /// INTERNAL_ERROR when the next engine finds them.
    func waitUntilIdle(limit: Duration) async -> Bool {
        let drivers = Array(self.drivers.values)
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for driver in drivers { await driver.value }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let idle = await group.next() ?? false
            group.cancelAll()
            return idle
        }
    }

    /// Stops every active run (their processes killed) and waits until each has ended: what a
    /// server does before it exits, so that no run is left RUNNING in the state it leaves.
    func stopAll() async {
        for (runId, run) in live {
            if run.state.lifeCycleState == .queued {
                stopReasons[runId] = .engineStopped
                finish(runId)
            } else {
                stop(runId, reason: .engineStopped)
            }
        }
        for driver in drivers.values { await driver.value }
    }

    /// Ends every run the previous engine left active: it died, so they did not finish.
    func recover() throws {
        for var run in try store.activeRuns() {
            let now = epochMillis()
            for index in (run.tasks ?? []).indices where !run.tasks![index].state.lifeCycleState.isTerminal {
                ProcessGroupRecord.killRecorded(in: folders.taskFolder(jobRunId: run.runId, taskKey: run.tasks![index].taskKey))
                run.tasks![index].state = RunOutcome.engineStopped.taskState()
                run.tasks![index].status = RunOutcome.engineStopped.status(task: nil)
                run.tasks![index].endTime = now
                try store.saveOutput(RunOutput(error: RunOutcome.engineStopped.message(task: nil)), taskRunId: run.tasks![index].runId)
            }
            end(&run, outcome: .engineStopped, failedTask: nil, at: now)
            try store.save(run)
        }
    }

    // MARK: - Reading

    func run(_ runId: Int64) throws -> Run {
        if let run = live[runId] { return run }
        if let run = try store.run(runId) { return run }
        guard let parentId = try store.parent(ofTaskRun: runId), let parent = try live[parentId] ?? store.run(parentId),
            let task = parent.tasks?.first(where: { $0.runId == runId })
        else { throw Self.missing(runId) }
        return Self.taskRunAsRun(task, of: parent)
    }

    func output(_ runId: Int64) throws -> RunOutput {
        guard let parentId = try store.parent(ofTaskRun: runId) else {
            guard try store.run(runId) != nil else { throw Self.missing(runId) }
            throw DatabricksError.invalidParameter(
                "Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead."
            )
        }
        let metadata = try run(runId)
        var output = try store.output(taskRunId: runId) ?? RunOutput()
        output.metadata = metadata
        if let parent = try live[parentId] ?? store.run(parentId), let task = parent.tasks?.first(where: { $0.runId == runId }) {
            let (logs, truncated) = Self.tail(
                of: folders.taskFolder(jobRunId: parentId, taskKey: task.taskKey).appendingPathComponent("logs"))
            output.logs = logs
            output.logsTruncated = logs == nil ? nil : truncated
        }
        return output
    }

    func list(_ query: RunsListQuery) throws -> RunsPage {
        guard !(query.activeOnly && query.completedOnly) else {
            throw DatabricksError.invalidParameter("active_only and completed_only cannot both be true.")
        }
        let limit = query.limit ?? 20
        guard (1...25).contains(limit) else { throw DatabricksError.invalidParameter("limit must be between 1 and 25, not \(limit).") }
        let offset = try PageToken.offset(from: query.pageToken) ?? query.offset ?? 0
        if let runType = query.runType, ![RunType.jobRun, .workflowRun, .submitRun].contains(runType) {
            throw DatabricksError.invalidParameter("run_type must be JOB_RUN, WORKFLOW_RUN or SUBMIT_RUN, not \(runType).")
        }
        let (runs, hasMore) = try store.list(query, offset: offset, limit: limit)
        let shown = runs.map { stored -> Run in
            var run = live[stored.runId] ?? stored
            if !query.expandTasks { run.tasks = nil }
            return run
        }
        return RunsPage(
            runs: shown, hasMore: hasMore, nextPageToken: hasMore ? PageToken.make(offset + limit) : nil,
            prevPageToken: offset > 0 ? PageToken.make(max(0, offset - limit)) : nil)
    }

    /// Waits until the run satisfies `predicate` (in tests and `kiln notebook run`: no polling).
    func wait(for runId: Int64, until predicate: @escaping @Sendable (Run) -> Bool) async throws -> Run {
        let current = try run(runId)
        if predicate(current) { return current }
        return await withCheckedContinuation { continuation in
            waiters.append(Waiter(runId: runId, predicate: predicate, continuation: continuation))
        }
    }

    // MARK: -

    /// Writes a run's new state, then tells whoever waits for it.
    private func publish(_ run: Run) {
        try? store.save(run)
        if !run.state.lifeCycleState.isTerminal || live[run.runId] != nil { live[run.runId] = run }
        var remaining: [Waiter] = []
        for waiter in waiters {
            if waiter.runId == run.runId, waiter.predicate(run) {
                waiter.continuation.resume(returning: run)
            } else if let task = run.tasks?.first(where: { $0.runId == waiter.runId }), waiter.predicate(Self.taskRunAsRun(task, of: run)) {
                waiter.continuation.resume(returning: Self.taskRunAsRun(task, of: run))
            } else {
                remaining.append(waiter)
            }
        }
        waiters = remaining
    }

    /// The run's page: a workflow run, which has no job, is shown under job 0.
    private func runPageURL(jobId: Int64?, runId: Int64, folder: URL) -> String {
        guard let base = runPageBase else { return folder.absoluteString }
        return "\(base)#job/\(jobId ?? 0)/run/\(runId)"
    }

    private static func taskRunAsRun(_ task: RunTask, of parent: Run) -> Run {
        var run = Run(runId: task.runId, jobId: parent.jobId, state: task.state, startTime: task.startTime)
        run.endTime = task.endTime
        run.runName = task.taskKey
        run.runType = parent.runType
        run.creatorUserName = parent.creatorUserName
        run.runPageUrl = task.runPageUrl
        run.status = task.status
        run.setupDuration = task.setupDuration
        run.executionDuration = task.executionDuration
        run.cleanupDuration = task.cleanupDuration
        run.runDuration = task.runDuration
        run.attemptNumber = task.attemptNumber
        run.numberInJob = task.runId
        run.clusterInstance = task.clusterInstance
        run.tasks = [task]
        return run
    }

    /// The last 5 MB of a log file, and whether anything before them was cut.
    private static func tail(of file: URL) -> (String?, Bool) {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return (nil, false) }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(maxLogBytes) ? size - UInt64(maxLogBytes) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        return (String(decoding: data, as: UTF8.self), start > 0)
    }

    static func missing(_ runId: Int64) -> DatabricksError {
        .invalidParameter("Run \(runId) does not exist.")
    }
}
