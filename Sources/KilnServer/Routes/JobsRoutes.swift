import Foundation
import Hummingbird
import KilnAPI

/// Jobs API 2.2 and 2.1 (what current clients call), and 2.0 (what older clients call, with its
/// single-task shape).
extension Router where Context == ServerContext {
    func addJobsRoutes(_ jobs: any JobsService) {
        for version in ["2.1", "2.2"] {
            addJobsRoutes(jobs, prefix: "/api/\(version)/jobs", legacy: false)
        }
        addJobsRoutes(jobs, prefix: "/api/2.0/jobs", legacy: true)
    }

    private func addJobsRoutes(_ jobs: any JobsService, prefix: String, legacy: Bool) {
        post("\(prefix)/create") { request, _ in
            try Response.json(JobID(jobId: try await jobs.create(try Jobs20Shape.settings(from: try await Self.orderedBody(request)))))
        }
        post("\(prefix)/reset") { request, _ in
            let body = try await Self.orderedBody(request)
            guard case .object(let settings)? = body["new_settings"] else {
                throw DatabricksError.invalidParameter("Missing required field: new_settings")
            }
            try await jobs.reset(jobId: try Self.jobId(body), settings: try Jobs20Shape.settings(from: settings))
            return try Response.empty()
        }
        post("\(prefix)/update") { request, _ in
            let body = try await Self.orderedBody(request)
            let jobId = try Self.jobId(body)
            var settings = try await jobs.get(jobId: jobId).settings.document
            if case .object(let changes)? = body["new_settings"] {
                for (key, value) in changes { settings[key] = value }
            }
            if case .array(let removed)? = body["fields_to_remove"] {
                for case .string(let field) in removed { settings.removeValue(forKey: field) }
            }
            try await jobs.reset(jobId: jobId, settings: try Jobs20Shape.settings(from: settings))
            return try Response.empty()
        }
        get("\(prefix)/get") { request, _ in
            let job = try await jobs.get(jobId: try await request.parameters().requiredInt64("job_id"))
            if legacy { return try Response.json(try Jobs20Shape.job(job)) }
            return try Response.json(job)
        }
        get("\(prefix)/list") { request, _ in
            let parameters = try await request.parameters()
            let page = try await jobs.list(
                JobsListQuery(
                    name: parameters.string("name"), limit: try parameters.int("limit"), offset: try parameters.int("offset"),
                    pageToken: parameters.string("page_token"), expandTasks: try parameters.bool("expand_tasks") ?? legacy))
            if legacy { return try Response.json(try Self.legacyList(page)) }
            return try Response.json(page)
        }
        post("\(prefix)/delete") { request, _ in
            try await jobs.delete(jobId: try Self.jobId(try await Self.orderedBody(request)))
            return try Response.empty()
        }
        post("\(prefix)/run-now") { request, _ in
            try Response.json(try await jobs.runNow(try await request.json(RunNow.self)))
        }
        get("\(prefix)/runs/get") { request, _ in
            let run = try await jobs.getRun(runId: try await request.parameters().requiredInt64("run_id"))
            if legacy { return try Response.json(try Jobs20Shape.run(run)) }
            return try Response.json(run)
        }
        get("\(prefix)/runs/get-output") { request, _ in
            try await Self.runOutput(jobs, runId: try await request.parameters().requiredInt64("run_id"), legacy: legacy)
        }
        post("\(prefix)/runs/cancel") { request, _ in
            try await jobs.cancelRun(runId: try await request.json(RunID.self).runId)
            return try Response.empty()
        }
        post("\(prefix)/runs/cancel-all") { request, _ in
            let jobId = try? Self.jobId(try await Self.orderedBody(request))
            var token: String?
            repeat {
                let page = try await jobs.listRuns(RunsListQuery(jobId: jobId, activeOnly: true, limit: 25, pageToken: token))
                for run in page.runs ?? [] { try await jobs.cancelRun(runId: run.runId) }
                token = page.nextPageToken
            } while token != nil
            return try Response.empty()
        }
        get("\(prefix)/runs/list") { request, _ in
            let parameters = try await request.parameters()
            return try Response.json(
                try await jobs.listRuns(
                    RunsListQuery(
                        jobId: try parameters.int64("job_id"), activeOnly: try parameters.bool("active_only") ?? false,
                        completedOnly: try parameters.bool("completed_only") ?? false, limit: try parameters.int("limit"),
                        offset: try parameters.int("offset"), pageToken: parameters.string("page_token"),
                        expandTasks: try parameters.bool("expand_tasks") ?? false,
                        runType: parameters.string("run_type").map(RunType.init(rawValue:)))))
        }
    }

    /// `runs/get-output`. 2.0 also accepts the run id of a single-task job run, and nests the run
    /// in its own shape. (The 2.0 reshaping is done in synchronous functions: Swift 6.3's
    /// optimizer crashed splitting the coroutines of route closures that did it inline.)
    private static func runOutput(_ jobs: any JobsService, runId requested: Int64, legacy: Bool) async throws -> Response {
        var runId = requested
        if legacy {
            let tasks = try await jobs.getRun(runId: requested).tasks ?? []
            if tasks.count == 1, tasks[0].runId != requested { runId = tasks[0].runId }
        }
        let output = try await jobs.getRunOutput(runId: runId)
        if legacy { return try Response.json(try legacyOutput(output)) }
        return try Response.json(output)
    }

    /// A page of jobs in the 2.0 shape: each job as a 2.0 job.
    private static func legacyList(_ page: JobsPage) throws -> JSONValue {
        guard case .object(var object) = try Jobs20Shape.encode(page) else { return try Jobs20Shape.encode(page) }
        if let listed = page.jobs { object["jobs"] = .array(try listed.map(Jobs20Shape.job)) }
        return .object(object)
    }

    /// A run's output in the 2.0 shape: its metadata as a 2.0 run.
    private static func legacyOutput(_ output: RunOutput) throws -> JSONValue {
        var trimmed = output
        trimmed.metadata = nil
        guard let metadata = output.metadata, case .object(var object) = try Jobs20Shape.encode(trimmed) else {
            return try Jobs20Shape.encode(output)
        }
        object["metadata"] = try Jobs20Shape.run(metadata)
        return .object(object)
    }

    private static func jobId(_ body: JSONObject) throws -> Int64 {
        if let value = body["job_id"]?.int64Value { return value }
        if let text = body["job_id"]?.stringValue, let value = Int64(text) { return value }
        throw DatabricksError.invalidParameter("Missing required field: job_id")
    }

    /// The JSON object of the body with its keys in the order the client sent them, so that job
    /// settings are stored as written ("{}" when the body is empty).
    private static func orderedBody(_ request: Request) async throws -> JSONObject {
        let data = try await request.bodyData()
        do {
            guard case .object(let object) = try JSONValue(parsing: data.isEmpty ? Data("{}".utf8) : data) else {
                throw DatabricksError(.malformedRequest, "Invalid JSON given in the body of the request: the body must be a JSON object")
            }
            return object
        } catch let error as JSONSyntaxError {
            throw DatabricksError(.malformedRequest, "Invalid JSON given in the body of the request: \(error)")
        }
    }
}
