import Foundation
import KilnAPI

/// Jobs API 2.0's single-task shape: the task's fields at the top level of the settings, and a
/// run's `task` at the top level of the run. Older clients (the legacy Databricks CLI among them)
/// speak it; the engine stores every job in the multi-task shape of 2.1.
enum Jobs20Shape {
    /// The task fields that 2.0 puts at the top level of the job settings.
    static let taskFields: Set<String> = [
        "existing_cluster_id", "new_cluster", "libraries", "notebook_task", "spark_jar_task", "spark_python_task",
        "spark_submit_task", "max_retries", "min_retry_interval_millis", "retry_on_timeout",
    ]

    /// Settings in either shape, as the engine keeps them.
    /// Every field the client sent is kept, in its order; the fields the engine reads are checked.
    static func settings(from object: JSONObject) throws -> JobSettings {
        var object = object
        if object["tasks"] == nil, object.keys.contains(where: taskFields.contains) {
            var task: JSONObject = ["task_key": .string(taskKey(for: object["name"]))]
            for field in taskFields.sorted() {
                if let value = object.removeValue(forKey: field) { task[field] = value }
            }
            if let timeout = object["timeout_seconds"] { task["timeout_seconds"] = timeout }
            object["tasks"] = .array([.object(task)])
        }
        do {
            return try JobSettings(validating: object)
        } catch let error as DecodingError {
            throw DatabricksError(.malformedRequest, "Invalid JSON given in the body of the request: \(DecodingErrorText(error))")
        }
    }

    /// Settings in the 2.0 shape when the job has a single task.
    static func flattened(_ settings: JobSettings) throws -> JSONValue {
        var object = settings.document
        guard case .array(let tasks)? = object["tasks"], tasks.count == 1, case .object(let task) = tasks[0] else { return .object(object) }
        object.removeValue(forKey: "tasks")
        for (key, value) in task where taskFields.contains(key) { object[key] = value }
        object["format"] = .string("SINGLE_TASK")
        return .object(object)
    }

    /// A job with its settings in the 2.0 shape.
    static func job(_ job: Job) throws -> JSONValue {
        guard case .object(var object) = try encode(job) else { return try encode(job) }
        object["settings"] = try flattened(job.settings)
        return .object(object)
    }

    /// A run with its single task also at the top level, as `runs/get` 2.0 answers.
    static func run(_ run: Run) throws -> JSONValue {
        guard case .object(var object) = try encode(run), let task = run.tasks?.first, run.tasks?.count == 1 else { return try encode(run) }
        var taskObject = JSONObject()
        if let notebook = task.notebookTask { taskObject["notebook_task"] = try encode(notebook) }
        if let python = task.sparkPythonTask { taskObject["spark_python_task"] = try encode(python) }
        object["task"] = .object(taskObject)
        if let cluster = task.clusterInstance { object["cluster_instance"] = try encode(cluster) }
        if let clusterId = task.existingClusterId { object["cluster_spec"] = .object(["existing_cluster_id": .string(clusterId)]) }
        return .object(object)
    }

    /// 2.0 has no task keys: one is made from the job's name.
    private static func taskKey(for name: JSONValue?) -> String {
        guard case .string(let name)? = name else { return "task" }
        let key = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) || $0 == "-" ? $0 : "_" }.prefix(100))
        return key.isEmpty ? "task" : key
    }

    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValue(encoding: value)
    }
}
