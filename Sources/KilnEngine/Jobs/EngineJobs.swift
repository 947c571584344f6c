import KilnAPI

/// Jobs API over the engine's database and its run scheduler.
final class EngineJobs: JobsService {
    private let repository: JobRepository
    let scheduler: RunScheduler

    init(repository: JobRepository, scheduler: RunScheduler) {
        self.repository = repository
        self.scheduler = scheduler
    }

    func create(_ settings: JobSettings) async throws -> Int64 {
        try JobSettingsRules.validate(settings)
        return try repository.create(Self.normalized(settings))
    }

    func reset(jobId: Int64, settings: JobSettings) async throws {
        try JobSettingsRules.validate(settings)
        let settings = Self.normalized(settings)
        try repository.replace(jobId, with: settings)
        await scheduler.settingsChanged(jobId: jobId, settings: settings)
    }

    func get(jobId: Int64) async throws -> Job {
        try repository.get(jobId)
    }

    func list(_ query: JobsListQuery) async throws -> JobsPage {
        let limit = query.limit ?? 20
        guard (1...100).contains(limit) else { throw DatabricksError.invalidParameter("limit must be between 1 and 100, not \(limit).") }
        let offset = try PageToken.offset(from: query.pageToken) ?? query.offset ?? 0
        let (jobs, hasMore) = try repository.list(name: query.name, offset: offset, limit: limit)
        // A listed job is Databricks' BaseJob: no run_as_user_name, which only jobs/get gives.
        let shown = jobs.map { job -> Job in
            var job = job
            job.runAsUserName = nil
            if !query.expandTasks { job.settings.tasks = nil }
            return job
        }
        return JobsPage(
            jobs: shown, hasMore: hasMore, nextPageToken: hasMore ? PageToken.make(offset + limit) : nil,
            prevPageToken: offset > 0 ? PageToken.make(max(0, offset - limit)) : nil)
    }

    func delete(jobId: Int64) async throws {
        try repository.delete(jobId)
        await scheduler.cancelRuns(ofJob: jobId)
    }

    func runNow(_ request: RunNow) async throws -> RunStarted {
        let job = try repository.get(request.jobId)
        return try await scheduler.start(job: job, request: request)
    }

    func getRun(runId: Int64) async throws -> Run {
        try await scheduler.run(runId)
    }

    func getRunOutput(runId: Int64) async throws -> RunOutput {
        try await scheduler.output(runId)
    }

    func cancelRun(runId: Int64) async throws {
        try await scheduler.cancel(runId: runId)
    }

    func listRuns(_ query: RunsListQuery) async throws -> RunsPage {
        try await scheduler.list(query)
    }

    /// Settings as Databricks stores them: every job is a multi-task job, and the create-only
    /// `access_control_list` is not a setting (it is not returned); every other field is kept as sent.
    private static func normalized(_ settings: JobSettings) -> JobSettings {
        var settings = settings.withoutCreateOnlyFields
        settings.format = .multiTask
        settings.maxConcurrentRuns = settings.maxConcurrentRuns ?? 1
        settings.timeoutSeconds = settings.timeoutSeconds ?? 0
        return settings
    }
}
