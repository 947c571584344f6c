/// One task of a job (`tasks[]` of the job settings), kept whole as JSON like `JobSettings`: the
/// typed properties are views of the fields the engine and Kiln read, and every other field (other
/// task types, `health`, `email_notifications`, `for_each_task`, `compute`, …) is kept as written.
public struct JobTask: Codable, Sendable, Hashable {
    /// Every field, in order.
    public var document: JSONObject

    public init(document: JSONObject) { self.document = document }

    public init(
        taskKey: String, notebookTask: NotebookTask? = nil, sparkPythonTask: SparkPythonTask? = nil,
        dependsOn: [TaskDependency]? = nil, existingClusterId: String? = nil, timeoutSeconds: Int? = nil
    ) {
        document = [:]
        self.taskKey = taskKey
        self.notebookTask = notebookTask
        self.sparkPythonTask = sparkPythonTask
        self.dependsOn = dependsOn
        self.existingClusterId = existingClusterId
        self.timeoutSeconds = timeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        document = try JSONObject(from: decoder, checkedAs: Fields.self)
    }

    public func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }

    public var taskKey: String {
        get { document.value(Key.taskKey) ?? "" }
        set { document.set(Key.taskKey, newValue) }
    }
    public var description: String? {
        get { document.value(Key.description) }
        set { document.set(Key.description, newValue) }
    }
    public var dependsOn: [TaskDependency]? {
        get { document.value(Key.dependsOn) }
        set { document.set(Key.dependsOn, newValue) }
    }
    public var runIf: RunIf? {
        get { document.value(Key.runIf) }
        set { document.set(Key.runIf, newValue) }
    }
    public var notebookTask: NotebookTask? {
        get { document.value(Key.notebookTask) }
        set { document.set(Key.notebookTask, newValue) }
    }
    public var sparkPythonTask: SparkPythonTask? {
        get { document.value(Key.sparkPythonTask) }
        set { document.set(Key.sparkPythonTask, newValue) }
    }
    public var existingClusterId: String? {
        get { document.value(Key.existingClusterId) }
        set { document.set(Key.existingClusterId, newValue) }
    }
    public var timeoutSeconds: Int? {
        get { document.value(Key.timeoutSeconds) }
        set { document.set(Key.timeoutSeconds, newValue) }
    }
    public var maxRetries: Int? {
        get { document.value(Key.maxRetries) }
        set { document.set(Key.maxRetries, newValue) }
    }
    public var disabled: Bool? {
        get { document.value(Key.disabled) }
        set { document.set(Key.disabled, newValue) }
    }
    /// What a cluster installs before the task runs.
    public var libraries: [Library]? {
        get { document.value(Key.libraries) }
        set { document.set(Key.libraries, newValue) }
    }
    /// The entry of the job's `environments` a serverless task runs in.
    public var environmentKey: String? {
        get { document.value(Key.environmentKey) }
        set { document.set(Key.environmentKey, newValue) }
    }

    private typealias Key = Fields.CodingKeys

    /// The fields Kiln and the engine read, with their types: what decoding checks.
    private struct Fields: Decodable {
        var taskKey: String
        var description: String?
        var dependsOn: [TaskDependency]?
        var runIf: RunIf?
        var notebookTask: NotebookTask?
        var sparkPythonTask: SparkPythonTask?
        var existingClusterId: String?
        var timeoutSeconds: Int?
        var maxRetries: Int?
        var disabled: Bool?
        var libraries: [Library]?
        var environmentKey: String?

        enum CodingKeys: String, CodingKey {
            case taskKey = "task_key"
            case description
            case dependsOn = "depends_on"
            case runIf = "run_if"
            case notebookTask = "notebook_task"
            case sparkPythonTask = "spark_python_task"
            case existingClusterId = "existing_cluster_id"
            case timeoutSeconds = "timeout_seconds"
            case maxRetries = "max_retries"
            case disabled, libraries
            case environmentKey = "environment_key"
        }
    }
}

/// `notebook_task`: the notebook to run and its widget values.
public struct NotebookTask: Codable, Sendable, Hashable {
    public var notebookPath: String
    public var baseParameters: [String: String]?
    public var source: TaskSource?
    /// The SQL warehouse a notebook of SQL cells runs on instead of a cluster.
    public var warehouseId: String?

    public init(notebookPath: String, baseParameters: [String: String]? = nil) {
        self.notebookPath = notebookPath
        self.baseParameters = baseParameters
    }

    enum CodingKeys: String, CodingKey {
        case notebookPath = "notebook_path"
        case baseParameters = "base_parameters"
        case source
        case warehouseId = "warehouse_id"
    }
}

/// `spark_python_task`: a Python file run with its parameters as argv.
public struct SparkPythonTask: Codable, Sendable, Hashable {
    public var pythonFile: String
    public var parameters: [String]?
    public var source: TaskSource?

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
    /// For a dependency on a `condition_task`: the outcome (`"true"`, `"false"`) that lets this task run.
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

/// Where a task's file comes from: the workspace, or the job's `git_source`.
public struct TaskSource: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let workspace: TaskSource = "WORKSPACE"
    public static let git: TaskSource = "GIT"
}
