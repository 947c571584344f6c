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
    public var runType: RunType?
    /// Deprecated by Databricks in favour of `status`; when a run comes without it, it is made from
    /// `status`, so callers always have a state to read.
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

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobId = try container.decodeIfPresent(Int64.self, forKey: .jobId)
        runId = try container.decode(Int64.self, forKey: .runId)
        numberInJob = try container.decodeIfPresent(Int64.self, forKey: .numberInJob)
        originalAttemptRunId = try container.decodeIfPresent(Int64.self, forKey: .originalAttemptRunId)
        attemptNumber = try container.decodeIfPresent(Int.self, forKey: .attemptNumber)
        runName = try container.decodeIfPresent(String.self, forKey: .runName)
        creatorUserName = try container.decodeIfPresent(String.self, forKey: .creatorUserName)
        runPageUrl = try container.decodeIfPresent(String.self, forKey: .runPageUrl)
        runType = try container.decodeIfPresent(RunType.self, forKey: .runType)
        status = try container.decodeIfPresent(RunStatus.self, forKey: .status)
        state = try RunState.decoded(from: container, stateKey: .state, status: status)
        (startTime, endTime, setupDuration, executionDuration, cleanupDuration, runDuration, queueDuration) =
            try container.runTimes()
        tasks = try container.decodeIfPresent([RunTask].self, forKey: .tasks)
        jobParameters = try container.decodeIfPresent([RunParameter].self, forKey: .jobParameters)
        overridingParameters = try container.decodeIfPresent(RunParameters.self, forKey: .overridingParameters)
        clusterInstance = try container.decodeIfPresent(ClusterInstance.self, forKey: .clusterInstance)
        description = try container.decodeIfPresent(String.self, forKey: .description)
    }

    /// How the run stands: as `status` (Jobs 2.2) reports it when it can tell, else `state`.
    public var reportedState: RunState { status?.impliedState ?? state }

    enum CodingKeys: String, RunTimeKeys {
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
    /// Made from `status` when absent, as for a run.
    public var state: RunState
    public var status: RunStatus?
    public var notebookTask: NotebookTask?
    public var sparkPythonTask: SparkPythonTask?
    public var existingClusterId: String?
    public var clusterInstance: ClusterInstance?
    public var dependsOn: [TaskDependency]?
    public var runIf: RunIf?
    /// 0 when absent (a task that has not started).
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

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        runId = try container.decode(Int64.self, forKey: .runId)
        taskKey = try container.decode(String.self, forKey: .taskKey)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        status = try container.decodeIfPresent(RunStatus.self, forKey: .status)
        state = try RunState.decoded(from: container, stateKey: .state, status: status)
        notebookTask = try container.decodeIfPresent(NotebookTask.self, forKey: .notebookTask)
        sparkPythonTask = try container.decodeIfPresent(SparkPythonTask.self, forKey: .sparkPythonTask)
        existingClusterId = try container.decodeIfPresent(String.self, forKey: .existingClusterId)
        clusterInstance = try container.decodeIfPresent(ClusterInstance.self, forKey: .clusterInstance)
        dependsOn = try container.decodeIfPresent([TaskDependency].self, forKey: .dependsOn)
        runIf = try container.decodeIfPresent(RunIf.self, forKey: .runIf)
        (startTime, endTime, setupDuration, executionDuration, cleanupDuration, runDuration, queueDuration) =
            try container.runTimes()
        attemptNumber = try container.decodeIfPresent(Int.self, forKey: .attemptNumber)
        runPageUrl = try container.decodeIfPresent(String.self, forKey: .runPageUrl)
    }

    /// How the task stands: as `status` reports it when it can tell, else `state`.
    public var reportedState: RunState { status?.impliedState ?? state }

    enum CodingKeys: String, RunTimeKeys {
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

/// The cluster a run's task ran on; both ids are absent until the cluster is known.
public struct ClusterInstance: Codable, Sendable, Hashable {
    public var clusterId: String?
    public var sparkContextId: String?
    public init(clusterId: String?, sparkContextId: String? = nil) {
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
