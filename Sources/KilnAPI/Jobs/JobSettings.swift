/// The settings of a job (`jobs/create`, `new_settings` of `jobs/reset`, `settings` of `jobs/get`).
public struct JobSettings: Codable, Sendable, Hashable {
    public var name: String?
    public var description: String?
    public var tasks: [JobTask]?
    public var jobClusters: [JSONValue]?
    public var parameters: [JobParameterDefinition]?
    public var tags: [String: String]?
    public var maxConcurrentRuns: Int?
    public var timeoutSeconds: Int?
    public var queue: QueueSettings?
    public var format: String?
    public var emailNotifications: JSONValue?
    public var webhookNotifications: JSONValue?
    public var notificationSettings: JSONValue?
    public var schedule: JSONValue?
    public var trigger: JSONValue?
    public var continuous: JSONValue?
    public var gitSource: JSONValue?
    public var runAs: JSONValue?
    public var environments: [JSONValue]?
    public var health: JSONValue?
    public var editMode: String?
    public var deployment: JSONValue?

    public init(
        name: String? = nil, tasks: [JobTask]? = nil, parameters: [JobParameterDefinition]? = nil,
        tags: [String: String]? = nil, maxConcurrentRuns: Int? = nil, timeoutSeconds: Int? = nil,
        queue: QueueSettings? = nil
    ) {
        self.name = name
        self.tasks = tasks
        self.parameters = parameters
        self.tags = tags
        self.maxConcurrentRuns = maxConcurrentRuns
        self.timeoutSeconds = timeoutSeconds
        self.queue = queue
    }

    enum CodingKeys: String, CodingKey {
        case name, description, tasks
        case jobClusters = "job_clusters"
        case parameters, tags
        case maxConcurrentRuns = "max_concurrent_runs"
        case timeoutSeconds = "timeout_seconds"
        case queue, format
        case emailNotifications = "email_notifications"
        case webhookNotifications = "webhook_notifications"
        case notificationSettings = "notification_settings"
        case schedule, trigger, continuous
        case gitSource = "git_source"
        case runAs = "run_as"
        case environments, health
        case editMode = "edit_mode"
        case deployment
    }
}

/// A job-level parameter, pushed down to every notebook task as a widget value.
public struct JobParameterDefinition: Codable, Sendable, Hashable {
    public var name: String
    public var `default`: String
    public init(name: String, default value: String) {
        self.name = name
        self.default = value
    }
}

/// Whether runs past `max_concurrent_runs` wait in a queue or are skipped.
public struct QueueSettings: Codable, Sendable, Hashable {
    public var enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }
}
