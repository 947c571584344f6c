/// A run of a job as `jobs/runs/get` and `jobs/runs/list` return it.
public struct Run: Codable, Sendable, Hashable {
    public var jobId: Int64?
    public var runId: Int64
    public var numberInJob: Int64?
    public var originalAttemptRunId: Int64?
    public var attemptNumber: Int?
    public var runName: String?
    public var creatorUserName: String?
    public var runPageUrl: String?
    public var runType: String?
    public var state: RunState
    public var status: RunStatus?
    public var startTime: Int64
    public var endTime: Int64
    public var setupDuration: Int64?
    public var executionDuration: Int64?
    public var cleanupDuration: Int64?
    public var runDuration: Int64?
    public var queueDuration: Int64?
    public var tasks: [RunTask]?
    public var jobParameters: [RunParameter]?
    public var overridingParameters: RunParameters?
    public var clusterInstance: ClusterInstance?
    public var description: String?

    public init(runId: Int64, jobId: Int64?, state: RunState, startTime: Int64) {
        self.runId = runId
        self.jobId = jobId
        self.state = state
        self.startTime = startTime
        self.endTime = 0
    }

    enum CodingKeys: String, CodingKey {
        case jobId = "job_id"
        case runId = "run_id"
        case numberInJob = "number_in_job"
        case originalAttemptRunId = "original_attempt_run_id"
        case attemptNumber = "attempt_number"
        case runName = "run_name"
        case creatorUserName = "creator_user_name"
        case runPageUrl = "run_page_url"
        case runType = "run_type"
        case state, status
        case startTime = "start_time"
        case endTime = "end_time"
        case setupDuration = "setup_duration"
        case executionDuration = "execution_duration"
        case cleanupDuration = "cleanup_duration"
        case runDuration = "run_duration"
        case queueDuration = "queue_duration"
        case tasks
        case jobParameters = "job_parameters"
        case overridingParameters = "overriding_parameters"
        case clusterInstance = "cluster_instance"
        case description
    }
}

/// One task of a run: its own run id, state and times.
public struct RunTask: Codable, Sendable, Hashable {
    public var runId: Int64
    public var taskKey: String
    public var description: String?
    public var state: RunState
    public var status: RunStatus?
    public var notebookTask: NotebookTask?
    public var sparkPythonTask: SparkPythonTask?
    public var existingClusterId: String?
    public var clusterInstance: ClusterInstance?
    public var dependsOn: [TaskDependency]?
    public var runIf: RunIf?
    public var startTime: Int64
    public var endTime: Int64
    public var setupDuration: Int64?
    public var executionDuration: Int64?
    public var cleanupDuration: Int64?
    public var runDuration: Int64?
    public var queueDuration: Int64?
    public var attemptNumber: Int?
    public var runPageUrl: String?

    public init(runId: Int64, taskKey: String, state: RunState) {
        self.runId = runId
        self.taskKey = taskKey
        self.state = state
        self.startTime = 0
        self.endTime = 0
    }

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case taskKey = "task_key"
        case description, state, status
        case notebookTask = "notebook_task"
        case sparkPythonTask = "spark_python_task"
        case existingClusterId = "existing_cluster_id"
        case clusterInstance = "cluster_instance"
        case dependsOn = "depends_on"
        case runIf = "run_if"
        case startTime = "start_time"
        case endTime = "end_time"
        case setupDuration = "setup_duration"
        case executionDuration = "execution_duration"
        case cleanupDuration = "cleanup_duration"
        case runDuration = "run_duration"
        case queueDuration = "queue_duration"
        case attemptNumber = "attempt_number"
        case runPageUrl = "run_page_url"
    }
}

/// The cluster a run's task ran on.
public struct ClusterInstance: Codable, Sendable, Hashable {
    public var clusterId: String
    public var sparkContextId: String?
    public init(clusterId: String, sparkContextId: String? = nil) {
        self.clusterId = clusterId
        self.sparkContextId = sparkContextId
    }
    enum CodingKeys: String, CodingKey {
        case clusterId = "cluster_id"
        case sparkContextId = "spark_context_id"
    }
}

/// `job_parameters[]` of a run: the definition and the value it ran with.
public struct RunParameter: Codable, Sendable, Hashable {
    public var name: String
    public var `default`: String?
    public var value: String?
    public init(name: String, default defaultValue: String?, value: String?) {
        self.name = name
        self.default = defaultValue
        self.value = value
    }
}
