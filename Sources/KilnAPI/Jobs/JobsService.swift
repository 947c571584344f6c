/// Jobs API 2.1/2.2: jobs, and the runs that prove a build.
public protocol JobsService: Sendable {
    func create(_ settings: JobSettings) async throws -> Int64
    /// Replaces every setting of the job.
    func reset(jobId: Int64, settings: JobSettings) async throws
    func get(jobId: Int64) async throws -> Job
    func list(_ query: JobsListQuery) async throws -> JobsPage
    func delete(jobId: Int64) async throws
    func runNow(_ request: RunNow) async throws -> RunStarted
    func getRun(runId: Int64) async throws -> Run
    /// The output of a task run; a job run's id is refused, as on Databricks.
    func getRunOutput(runId: Int64) async throws -> RunOutput
    /// Asks the run to stop; it ends CANCELED shortly after.
    func cancelRun(runId: Int64) async throws
    func listRuns(_ query: RunsListQuery) async throws -> RunsPage
}
