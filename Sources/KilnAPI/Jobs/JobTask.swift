/// One task of a job (`tasks[]` of the job settings).
public struct JobTask: Codable, Sendable, Hashable {
    public var taskKey: String
    public var description: String?
    public var dependsOn: [TaskDependency]?
    public var runIf: RunIf?
    public var notebookTask: NotebookTask?
    public var sparkPythonTask: SparkPythonTask?
    public var existingClusterId: String?
    public var newCluster: JSONValue?
    public var jobClusterKey: String?
    public var environmentKey: String?
    public var timeoutSeconds: Int?
    public var maxRetries: Int?
    public var minRetryIntervalMillis: Int?
    public var retryOnTimeout: Bool?
    public var libraries: [JSONValue]?
    public var disabled: Bool?
    /// Task types the engine does not execute, kept so the job round-trips.
    public var sqlTask: JSONValue?
    public var pythonWheelTask: JSONValue?
    public var sparkJarTask: JSONValue?
    public var runJobTask: JSONValue?
    public var conditionTask: JSONValue?

    public init(
        taskKey: String, notebookTask: NotebookTask? = nil, sparkPythonTask: SparkPythonTask? = nil,
        dependsOn: [TaskDependency]? = nil, existingClusterId: String? = nil, timeoutSeconds: Int? = nil
    ) {
        self.taskKey = taskKey
        self.notebookTask = notebookTask
        self.sparkPythonTask = sparkPythonTask
        self.dependsOn = dependsOn
        self.existingClusterId = existingClusterId
        self.timeoutSeconds = timeoutSeconds
    }

    enum CodingKeys: String, CodingKey {
        case taskKey = "task_key"
        case description
        case dependsOn = "depends_on"
        case runIf = "run_if"
        case notebookTask = "notebook_task"
        case sparkPythonTask = "spark_python_task"
        case existingClusterId = "existing_cluster_id"
        case newCluster = "new_cluster"
        case jobClusterKey = "job_cluster_key"
        case environmentKey = "environment_key"
        case timeoutSeconds = "timeout_seconds"
        case maxRetries = "max_retries"
        case minRetryIntervalMillis = "min_retry_interval_millis"
        case retryOnTimeout = "retry_on_timeout"
        case libraries, disabled
        case sqlTask = "sql_task"
        case pythonWheelTask = "python_wheel_task"
        case sparkJarTask = "spark_jar_task"
        case runJobTask = "run_job_task"
        case conditionTask = "condition_task"
    }
}

/// `notebook_task`: the notebook to run and its widget values.
public struct NotebookTask: Codable, Sendable, Hashable {
    public var notebookPath: String
    public var baseParameters: [String: String]?
    public var source: String?

    public init(notebookPath: String, baseParameters: [String: String]? = nil) {
        self.notebookPath = notebookPath
        self.baseParameters = baseParameters
    }

    enum CodingKeys: String, CodingKey {
        case notebookPath = "notebook_path"
        case baseParameters = "base_parameters"
        case source
    }
}

/// `spark_python_task`: a Python file run with its parameters as argv.
public struct SparkPythonTask: Codable, Sendable, Hashable {
    public var pythonFile: String
    public var parameters: [String]?
    public var source: String?

    public init(pythonFile: String, parameters: [String]? = nil) {
        self.pythonFile = pythonFile
        self.parameters = parameters
    }

    enum CodingKeys: String, CodingKey {
        case pythonFile = "python_file"
        case parameters, source
    }
}

/// `depends_on[]`: a task that must end before this one starts.
public struct TaskDependency: Codable, Sendable, Hashable {
    public var taskKey: String
    public var outcome: String?
    public init(taskKey: String) { self.taskKey = taskKey }
    enum CodingKeys: String, CodingKey {
        case taskKey = "task_key"
        case outcome
    }
}

/// `run_if`: which outcomes of its dependencies let a task run.
public struct RunIf: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let allSuccess: RunIf = "ALL_SUCCESS"
    public static let atLeastOneSuccess: RunIf = "AT_LEAST_ONE_SUCCESS"
    public static let noneFailed: RunIf = "NONE_FAILED"
    public static let allDone: RunIf = "ALL_DONE"
    public static let atLeastOneFailed: RunIf = "AT_LEAST_ONE_FAILED"
    public static let allFailed: RunIf = "ALL_FAILED"
}
