/// The settings of a job (`jobs/create`, `new_settings` of `jobs/reset`, `settings` of `jobs/get`).
///
/// Kept whole as the JSON object the template (or a client) wrote, in its key order: the typed
/// properties read and patch the few fields Kiln and the engine use, and every other field (task
/// types, `health`, notifications, `warehouse_id`, whatever Databricks adds next) goes to the
/// workspace and back untouched. A typed model would drop what it does not know, and a job would
/// silently lose its settings.
public struct JobSettings: Codable, Sendable, Hashable {
    /// Every field, in order; the typed properties are views of it.
    public var document: JSONObject

    /// Fields of `jobs/create` that are not settings: Databricks takes them on create only
    /// (`jobs/reset`'s `new_settings` has no `access_control_list`; permissions change through the
    /// Permissions API) and `jobs/get` does not return them.
    public static let createOnlyFields: Set<String> = ["access_control_list"]

    /// Settings as they are, unchecked.
    public init(document: JSONObject) { self.document = document }

    /// Settings whose typed fields are checked: a field of the wrong type throws `DecodingError`
    /// with its path (`tasks.0.task_key`).
    public init(validating document: JSONObject) throws {
        self.document = try JSONObject(document, checkedAs: Fields.self)
    }

    public init(
        name: String? = nil, tasks: [JobTask]? = nil, parameters: [JobParameterDefinition]? = nil,
        tags: [String: String]? = nil, maxConcurrentRuns: Int? = nil, timeoutSeconds: Int? = nil,
        queue: QueueSettings? = nil
    ) {
        document = [:]
        self.name = name
        self.tasks = tasks
        self.parameters = parameters
        self.tags = tags
        self.maxConcurrentRuns = maxConcurrentRuns
        self.timeoutSeconds = timeoutSeconds
        self.queue = queue
    }

    public init(from decoder: any Decoder) throws {
        document = try JSONObject(from: decoder, checkedAs: Fields.self)
    }

    public func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }

    /// The settings without the create-only fields: what `jobs/reset` takes and `jobs/get` returns.
    public var withoutCreateOnlyFields: JobSettings {
        var settings = self
        for field in Self.createOnlyFields { settings.document.removeValue(forKey: field) }
        return settings
    }

    public var name: String? {
        get { document.value(Key.name) }
        set { document.set(Key.name, newValue) }
    }
    /// The tasks, each kept whole as well.
    public var tasks: [JobTask]? {
        get { document[Key.tasks.stringValue]?.arrayValue?.compactMap { $0.objectValue.map(JobTask.init(document:)) } }
        set { document[Key.tasks.stringValue] = newValue.map { .array($0.map { .object($0.document) }) } }
    }
    public var parameters: [JobParameterDefinition]? {
        get { document.value(Key.parameters) }
        set { document.set(Key.parameters, newValue) }
    }
    public var tags: [String: String]? {
        get { document.value(Key.tags) }
        set { document.set(Key.tags, newValue) }
    }
    public var maxConcurrentRuns: Int? {
        get { document.value(Key.maxConcurrentRuns) }
        set { document.set(Key.maxConcurrentRuns, newValue) }
    }
    public var timeoutSeconds: Int? {
        get { document.value(Key.timeoutSeconds) }
        set { document.set(Key.timeoutSeconds, newValue) }
    }
    public var queue: QueueSettings? {
        get { document.value(Key.queue) }
        set { document.set(Key.queue, newValue) }
    }
    public var format: JobFormat? {
        get { document.value(Key.format) }
        set { document.set(Key.format, newValue) }
    }

    /// Jobs 2.2: the environments serverless tasks run in, by `environment_key`.
    public var environments: [JobEnvironment]? {
        get { document.value(Key.environments) }
        set { document.set(Key.environments, newValue) }
    }

    private typealias Key = Fields.CodingKeys

    /// The fields Kiln reads, with their types: what decoding checks.
    private struct Fields: Decodable {
        var name: String?
        var tasks: [JobTask]?
        var parameters: [JobParameterDefinition]?
        var tags: [String: String]?
        var maxConcurrentRuns: Int?
        var timeoutSeconds: Int?
        var queue: QueueSettings?
        var format: JobFormat?
        var environments: [JobEnvironment]?

        enum CodingKeys: String, CodingKey {
            case name, tasks, parameters, tags, queue, format, environments
            case maxConcurrentRuns = "max_concurrent_runs"
            case timeoutSeconds = "timeout_seconds"
        }
    }
}

/// `format` of a job's settings; Databricks stores every job created through 2.1 as MULTI_TASK.
public struct JobFormat: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let singleTask: JobFormat = "SINGLE_TASK"
    public static let multiTask: JobFormat = "MULTI_TASK"
}

/// A job-level parameter, pushed down to every notebook task as a widget value.
public struct JobParameterDefinition: Codable, Sendable, Hashable {
    public var name: String
    /// Absent on the wire when empty (the SDKs treat it as optional): read as "".
    public var `default`: String

    public init(name: String, default value: String) {
        self.name = name
        self.default = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        self.default = try container.decodeIfPresent(String.self, forKey: .default) ?? ""
    }

    enum CodingKeys: String, CodingKey { case name, `default` }
}

/// Whether runs past `max_concurrent_runs` wait in a queue or are skipped.
public struct QueueSettings: Codable, Sendable, Hashable {
    /// Absent reads as false, the 2.1 default.
    public var enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    public init(from decoder: any Decoder) throws {
        enabled = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .enabled) ?? false
    }

    enum CodingKeys: String, CodingKey { case enabled }
}
