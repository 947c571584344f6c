import KilnAPI

/// The `depends_on` graph of a job's tasks.
struct TaskGraph: Sendable {
    let tasks: [JobTask]

    func dependencies(of task: JobTask) -> [String] {
        (task.dependsOn ?? []).map(\.taskKey)
    }

    /// A chain of task keys that leads back to its start, if the graph has one.
    func cycle() -> [String]? {
        let byKey = Dictionary(tasks.map { ($0.taskKey, $0) }, uniquingKeysWith: { first, _ in first })
        var finished = Set<String>()
        var path: [String] = []

        func visit(_ key: String) -> [String]? {
            if let start = path.firstIndex(of: key) { return Array(path[start...]) + [key] }
            guard !finished.contains(key), let task = byKey[key] else { return nil }
            path.append(key)
            defer {
                path.removeLast()
                finished.insert(key)
            }
            for dependency in dependencies(of: task) {
                if let cycle = visit(dependency) { return cycle }
            }
            return nil
        }
        for task in tasks {
            if let cycle = visit(task.taskKey) { return cycle }
        }
        return nil
    }
}
