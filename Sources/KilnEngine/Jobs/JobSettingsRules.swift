import KilnAPI

/// The checks Databricks makes on job settings before it stores them.
enum JobSettingsRules {
    static func validate(_ settings: JobSettings) throws {
        if let name = settings.name, name.utf8.count > 4096 {
            throw DatabricksError.invalidParameter("The job name is \(name.utf8.count) bytes; it may have at most 4096.")
        }
        if let runs = settings.maxConcurrentRuns, runs < 0 {
            throw DatabricksError.invalidParameter("max_concurrent_runs must be 0 or more, not \(runs).")
        }
        if let timeout = settings.timeoutSeconds, timeout < 0 {
            throw DatabricksError.invalidParameter("timeout_seconds must be 0 (no timeout) or more, not \(timeout).")
        }
        if let tags = settings.tags, tags.count > 25 {
            throw DatabricksError.invalidParameter("A job may have at most 25 tags, not \(tags.count).")
        }
        for parameter in settings.parameters ?? [] where !isValidKey(parameter.name, extra: ".-_") {
            throw DatabricksError.invalidParameter(
                "Job parameter name '\(parameter.name)' may contain only letters, digits, '_', '-' and '.'.")
        }
        let tasks = settings.tasks ?? []
        var keys = Set<String>()
        for task in tasks {
            guard isValidKey(task.taskKey, extra: "-_") else {
                throw DatabricksError.invalidParameter("task_key '\(task.taskKey)' must be 1 to 100 letters, digits, '_' or '-'.")
            }
            guard keys.insert(task.taskKey).inserted else {
                throw DatabricksError.invalidParameter(
                    "task_key '\(task.taskKey)' is used by more than one task; task keys must be unique.")
            }
            if let timeout = task.timeoutSeconds, timeout < 0 {
                throw DatabricksError.invalidParameter("timeout_seconds of task '\(task.taskKey)' must not be negative.")
            }
            if let path = task.notebookTask?.notebookPath, task.notebookTask?.source != .git, !path.hasPrefix("/") {
                throw DatabricksError.invalidParameter(
                    "notebook_path '\(path)' of task '\(task.taskKey)' must be an absolute workspace path.")
            }
        }
        for task in tasks {
            for dependency in task.dependsOn ?? [] where !keys.contains(dependency.taskKey) {
                throw DatabricksError.invalidParameter(
                    "Task '\(task.taskKey)' depends on '\(dependency.taskKey)', which is not a task of this job.")
            }
        }
        if let cycle = TaskGraph(tasks: tasks).cycle() {
            throw DatabricksError.invalidParameter("The tasks depend on each other in a cycle: \(cycle.joined(separator: " → ")).")
        }
    }

    private static func isValidKey(_ key: String, extra: String) -> Bool {
        !key.isEmpty && key.count <= 100 && key.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || extra.contains($0) }
    }
}
