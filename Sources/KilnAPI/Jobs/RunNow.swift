/// `POST /api/2.1/jobs/run-now`, and `overriding_parameters` of the run it starts.
public struct RunNow: Codable, Sendable, Hashable {
    public var jobId: Int64
    /// At most 64 characters; a repeated token answers the run it first started.
    public var idempotencyToken: String?
    public var jobParameters: [String: String]?
    public var notebookParams: [String: String]?
    public var pythonParams: [String]?
    public var jarParams: [String]?
    public var sqlParams: [String: String]?
    public var queue: QueueSettings?
    public var only: [String]?

    public init(
        jobId: Int64, idempotencyToken: String? = nil, jobParameters: [String: String]? = nil,
        notebookParams: [String: String]? = nil, pythonParams: [String]? = nil
    ) {
        self.jobId = jobId
        self.idempotencyToken = idempotencyToken
        self.jobParameters = jobParameters
        self.notebookParams = notebookParams
        self.pythonParams = pythonParams
    }

    enum CodingKeys: String, CodingKey {
        case jobId = "job_id"
        case idempotencyToken = "idempotency_token"
        case jobParameters = "job_parameters"
        case notebookParams = "notebook_params"
        case pythonParams = "python_params"
        case jarParams = "jar_params"
        case sqlParams = "sql_params"
        case queue, only
    }
}

/// The answer of `jobs/run-now`.
public struct RunStarted: Codable, Sendable, Hashable {
    public var runId: Int64
    public var numberInJob: Int64?
    public init(runId: Int64, numberInJob: Int64?) {
        self.runId = runId
        self.numberInJob = numberInJob
    }
    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case numberInJob = "number_in_job"
    }
}

/// `overriding_parameters` of a run: the task parameters run-now passed. (A run's job parameters
/// are its top-level `job_parameters[]`; Databricks' `RunParameters` has no field for them.)
public struct RunParameters: Codable, Sendable, Hashable {
    public var notebookParams: [String: String]?
    public var pythonParams: [String]?
    public init(notebookParams: [String: String]?, pythonParams: [String]?) {
        self.notebookParams = notebookParams
        self.pythonParams = pythonParams
    }
    enum CodingKeys: String, CodingKey {
        case notebookParams = "notebook_params"
        case pythonParams = "python_params"
    }
}

/// `{"run_id": …}`: the request of `runs/cancel` and `runs/delete`.
public struct RunID: Codable, Sendable, Hashable {
    public var runId: Int64
    public init(runId: Int64) { self.runId = runId }
    enum CodingKeys: String, CodingKey { case runId = "run_id" }
}
