import Foundation
import KilnAPI
import KilnEngine

/// A task executor for the run state machine's tests: a task does what the last component of
/// its notebook path says — `ok` succeeds, `fail` fails, `block` works until it is cancelled,
/// `install` says it installs libraries and then blocks, `exit-<value>` succeeds with that exit value.
struct ScriptedExecutor: TaskExecutor {
    /// Every invocation, in the order the engine made them.
    let invocations = InvocationLog()

    func execute(_ invocation: TaskInvocation) async -> TaskResult {
        await invocations.append(invocation)
        let script = (invocation.task.notebookTask?.notebookPath ?? "").split(separator: "/").last.map(String.init) ?? ""
        switch script {
        case "ok": return .succeeded(exitValue: nil)
        case "fail": return .failed(error: "AssertionError: the model is wrong", trace: "Traceback: line 1")
        case "install":
            await invocation.progress?("Installing libraries: kilnprobe==1.0")
            try? await Task.sleep(for: .seconds(3600))
            return .succeeded(exitValue: "should have been cancelled")
        case "block":
            // Stands for a long task: returns as soon as the engine cancels it.
            try? await Task.sleep(for: .seconds(3600))
            return .succeeded(exitValue: "should have been cancelled")
        default:
            if script.hasPrefix("exit-") { return .succeeded(exitValue: String(script.dropFirst(5))) }
            return .failed(error: "unknown script \(script)", trace: nil)
        }
    }
}

actor InvocationLog {
    private(set) var all: [TaskInvocation] = []
    func append(_ invocation: TaskInvocation) { all.append(invocation) }
}

extension JobSettings {
    /// A job of notebook tasks: each `(key, script, dependsOn)`.
    static func scripted(_ name: String, _ tasks: [(String, String, [String])], maxConcurrentRuns: Int? = nil, timeoutSeconds: Int? = nil)
        -> JobSettings
    {
        JobSettings(
            name: name,
            tasks: tasks.map { key, script, upstream in
                JobTask(
                    taskKey: key, notebookTask: NotebookTask(notebookPath: "/Shared/scripts/\(script)"),
                    dependsOn: upstream.isEmpty ? nil : upstream.map(TaskDependency.init(taskKey:)))
            },
            maxConcurrentRuns: maxConcurrentRuns, timeoutSeconds: timeoutSeconds)
    }
}
