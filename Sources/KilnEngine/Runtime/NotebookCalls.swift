import Foundation
import KilnAPI

/// Serves a running program's calls to the engine (the protocol is in kiln_notebook_calls.py):
/// the driver leaves each in the program folder's `calls/` as `<id>.request` and waits for
/// `<id>.response`. A `dbutils.notebook.run` becomes a workflow run of its own, as on
/// Databricks; a first import of a package a Databricks Runtime has preinstalled installs it
/// (``RuntimePackages``).
///
/// The folder is looked at every 50 ms: a call starts a run, which takes at least a process
/// start, so a watcher would buy nothing worth its platform differences.
struct NotebookCalls: Sendable {
    let folder: URL
    /// The calling notebook, whose folder relative paths start from; nil for a Python file task.
    let callerPath: String?
    let clusterId: String?
    /// Runs `dbutils.notebook.run`'s children; nil where there is no scheduler (an executor
    /// driven on its own), and the call fails saying so.
    let workflows: (any NotebookWorkflows)?
    /// Installs the set of runtime packages that holds a module; returns the folder they are in.
    let packages: @Sendable (String) async throws -> URL

    /// Runs `body` (the program's process) while serving its calls; when it returns, calls still
    /// going are cancelled, and so are their runs.
    func serving<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let calls = self
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await calls.serve()
                return nil
            }
            group.addTask { try await body() }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }

    private func serve() async {
        await withTaskGroup(of: Void.self) { group in
            var taken = Set<String>()
            while !Task.isCancelled {
                for id in requests() where !taken.contains(id) {
                    taken.insert(id)
                    group.addTask { await answer(id) }
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
            group.cancelAll()
        }
    }

    /// The ids of the requests in the folder.
    private func requests() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".request") }.map { String($0.dropLast(".request".count)) }
    }

    private func answer(_ id: String) async {
        let text = (try? String(contentsOf: folder.appendingPathComponent("\(id).request"), encoding: .utf8)) ?? ""
        let values = ProgramFolder.decode(text)
        var response: [String: String]
        do {
            if values["kind"] == "packages" {
                response = ["state": ResultState.success.rawValue, "path": try await packages(values["module"] ?? "").path]
            } else {
                guard let workflows else {
                    throw NotebookCallError(message: "dbutils.notebook.run needs the engine's scheduler, which this program was not given.")
                }
                let result = try await workflows.runWorkflow(try request(values))
                response = ["state": result.resultState.rawValue, "run_id": String(result.runId)]
                response["result"] = result.exitValue
                if result.resultState != .success { response["error"] = result.error }
            }
        } catch let failure as LibraryInstallFailed {
            response = ["state": ResultState.failed.rawValue, "error": failure.message]
        } catch {
            response = ["state": ResultState.failed.rawValue, "error": "\(error)"]
        }
        let file = folder.appendingPathComponent("\(id).response")
        let partial = folder.appendingPathComponent("\(id).response.partial")
        // Written whole, then renamed: the driver reads it as soon as the name is there.
        guard (try? Data(ProgramFolder.encode(response).utf8).write(to: partial)) != nil else { return }
        try? FileManager.default.moveItem(at: partial, to: file)
    }

    /// The workflow run a request asks for, its path made absolute.
    func request(_ values: [String: String]) throws -> NotebookWorkflowRequest {
        let path = values["path"] ?? ""
        let timeout = values["timeout_seconds"].flatMap { Int($0) } ?? 0
        var arguments: [String: String] = [:]
        for (key, value) in values where key.hasPrefix("arg:") { arguments[String(key.dropFirst(4))] = value }
        let absolute: String?
        if path.hasPrefix("/") {
            absolute = NotebookPath.resolve(path, from: "/")
        } else if let callerPath {
            absolute = NotebookPath.resolve(path, from: callerPath)
        } else {
            throw NotebookCallError(
                message:
                    "dbutils.notebook.run(\"\(path)\"): a relative path needs a calling notebook to start from, and a Python file task has none; give the notebook's absolute workspace path."
            )
        }
        guard let absolute else {
            throw NotebookCallError(
                message: "dbutils.notebook.run(\"\(path)\") climbs above the workspace root from \(callerPath ?? "/").")
        }
        return NotebookWorkflowRequest(notebookPath: absolute, arguments: arguments, timeoutSeconds: timeout, clusterId: clusterId)
    }
}

/// A `dbutils.notebook.run` call that cannot be made; its message goes back to the caller.
struct NotebookCallError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
