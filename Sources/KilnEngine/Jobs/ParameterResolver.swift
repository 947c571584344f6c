import Foundation
import KilnAPI

/// Merges the values a task runs with, as Databricks does: a notebook task's `base_parameters`,
/// then the job's parameters (their defaults overridden by run-now's `job_parameters`), then
/// run-now's `notebook_params`; and fills in dynamic value references such as `{{job.id}}`.
struct ParameterResolver: Sendable {
    var jobId: Int64
    var jobRunId: Int64
    var settings: JobSettings
    var request: RunNow
    var startTime: Int64

    /// The job parameters and the values this run gives them.
    var jobParameters: [RunParameter] {
        (settings.parameters ?? []).map { definition in
            RunParameter(
                name: definition.name, default: definition.default,
                value: request.jobParameters?[definition.name] ?? definition.default)
        }
    }

    func widgetValues(for task: JobTask, taskRunId: Int64) -> [String: String] {
        var values = task.notebookTask?.baseParameters ?? [:]
        for parameter in jobParameters { values[parameter.name] = parameter.value }
        for (key, value) in request.notebookParams ?? [:] { values[key] = value }
        return values.mapValues { substitute($0, task: task, taskRunId: taskRunId) }
    }

    func arguments(for task: JobTask, taskRunId: Int64) -> [String] {
        (request.pythonParams ?? task.sparkPythonTask?.parameters ?? []).map { substitute($0, task: task, taskRunId: taskRunId) }
    }

    /// Replaces the references Databricks documents for task parameters; unknown ones stay as written.
    func substitute(_ value: String, task: JobTask, taskRunId: Int64) -> String {
        guard value.contains("{{") else { return value }
        let start = Date(timeIntervalSince1970: Double(startTime) / 1000)
        var references: [String: String] = [
            "job.id": String(jobId), "job_id": String(jobId),
            "job.run_id": String(jobRunId), "parent_run_id": String(jobRunId),
            "task.run_id": String(taskRunId), "run_id": String(taskRunId),
            "task.name": task.taskKey, "task_key": task.taskKey,
            "job.name": settings.name ?? "", "job.start_time.iso_date": Self.isoDate(start),
            "job.start_time.timestamp_ms": String(startTime), "start_time": String(startTime), "start_date": Self.isoDate(start),
        ]
        for parameter in jobParameters { references["job.parameters.\(parameter.name)"] = parameter.value ?? "" }
        var result = value
        for (name, replacement) in references {
            result = result.replacingOccurrences(of: "{{\(name)}}", with: replacement)
        }
        return result
    }

    private static func isoDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
