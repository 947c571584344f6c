import Foundation
import KilnAPI

/// Jobs API 2.1 over HTTP.
struct RESTJobsService: JobsService {
    let connection: WorkspaceConnection

    static let prefix = "/api/2.1/jobs"

    /// Not repeated: a second create makes a second job. The settings go out as they are, every
    /// field in its order, so fields Kiln does not model reach the workspace.
    func create(_ settings: JobSettings) async throws -> Int64 {
        try await connection.post(
            "\(Self.prefix)/create", json: JSONValue.object(settings.document).jsonData(), repeatable: false, as: JobID.self
        )
        .jobId
    }

    /// `access_control_list` is left out: `jobs/reset` does not take it (it is create-only; the
    /// Permissions API changes the permissions of an existing job).
    func reset(jobId: Int64, settings: JobSettings) async throws {
        let body: JSONObject = ["job_id": .integer(jobId), "new_settings": .object(settings.withoutCreateOnlyFields.document)]
        _ = try await connection.post("\(Self.prefix)/reset", json: JSONValue.object(body).jsonData(), repeatable: true)
    }

    func get(jobId: Int64) async throws -> Job {
        try await connection.get("\(Self.prefix)/get", [QueryItem("job_id", String(jobId))], as: Job.self)
    }

    func list(_ query: JobsListQuery) async throws -> JobsPage {
        var items: [QueryItem] = []
        items.add("name", query.name)
        items.add("limit", query.limit)
        items.add("offset", query.offset)
        items.add("page_token", query.pageToken)
        items.add("expand_tasks", flag: query.expandTasks)
        return try await connection.get("\(Self.prefix)/list", items, as: JobsPage.self)
    }

    func delete(jobId: Int64) async throws {
        _ = try await connection.post("\(Self.prefix)/delete", JobID(jobId: jobId), repeatable: false)
    }

    /// Every start carries an idempotency token (a new one unless the caller gave one), which makes
    /// it safe to send again: a repeated token answers the run it first started, so a start whose
    /// answer was lost never starts a second run.
    func runNow(_ request: RunNow) async throws -> RunStarted {
        var request = request
        request.idempotencyToken = request.idempotencyToken ?? UUID().uuidString.lowercased()
        return try await connection.post("\(Self.prefix)/run-now", request, repeatable: true, as: RunStarted.self)
    }

    func getRun(runId: Int64) async throws -> Run {
        try await connection.get("\(Self.prefix)/runs/get", [QueryItem("run_id", String(runId))], as: Run.self)
    }

    func getRunOutput(runId: Int64) async throws -> RunOutput {
        try await connection.get("\(Self.prefix)/runs/get-output", [QueryItem("run_id", String(runId))], as: RunOutput.self)
    }

    /// Repeated when the answer is lost: cancelling a run that is already cancelled or ended is
    /// answered `{}`, and a cancel that never arrives leaves a run going that nobody follows.
    func cancelRun(runId: Int64) async throws {
        _ = try await connection.post("\(Self.prefix)/runs/cancel", RunID(runId: runId), repeatable: true)
    }

    func listRuns(_ query: RunsListQuery) async throws -> RunsPage {
        var items: [QueryItem] = []
        items.add("job_id", query.jobId)
        items.add("active_only", flag: query.activeOnly)
        items.add("completed_only", flag: query.completedOnly)
        items.add("limit", query.limit)
        items.add("offset", query.offset)
        items.add("page_token", query.pageToken)
        items.add("expand_tasks", flag: query.expandTasks)
        items.add("run_type", query.runType?.rawValue)
        return try await connection.get("\(Self.prefix)/runs/list", items, as: RunsPage.self)
    }
}
