import Foundation
import KilnAPI

/// A run of a local notebook, started by ``Engine/startNotebook(_:parameters:)``.
public struct LocalNotebookRun: Sendable {
    public var jobRunId: Int64
    public var workspacePath: String
    /// The task's log file, which grows while the notebook runs.
    public var logFile: URL
}

extension Engine {
    /// Where `kiln notebook run` imports local notebooks, one folder per notebook folder.
    static let localNotebooksFolder = "/Users/\(JobRepository.userName)/kiln-notebook-run"

    /// Imports a local notebook set and starts a run of its entry notebook with `parameters` as
    /// widget values; the job `kiln notebook run <path>` is made once and reused.
    public func startNotebook(_ notebooks: LocalNotebookSet, parameters: [String: String]) async throws -> LocalNotebookRun {
        // One folder per local folder (its name and a digest of its absolute path, so two projects'
        // `notebooks/` never share one), emptied first: only what is on disk now can run.
        let local = notebooks.entry.file.deletingLastPathComponent().standardizedFileURL
        let folder = "\(Self.localNotebooksFolder)/\(local.lastPathComponent)-\(Digest.sha256(local.path).prefix(8))"
        if (try? await databricks.workspace.status(folder)) != nil {
            try await databricks.workspace.delete(folder, recursive: true)
        }
        for member in notebooks.members {
            let path = "\(folder)/\(member.relativePath)"
            try await databricks.workspace.mkdirs(WorkspacePathText.parent(of: path))
            try await databricks.workspace.importObject(
                WorkspaceImport(
                    path: path, content: try Data(contentsOf: member.file), format: member.isJupyter ? .jupyter : .source,
                    language: member.isJupyter ? nil : member.language, overwrite: true))
        }
        let entryPath = "\(folder)/\(notebooks.entry.relativePath)"
        let taskKey = "notebook"
        let settings = JobSettings(
            name: "kiln notebook run \(entryPath)",
            tasks: [
                JobTask(taskKey: taskKey, notebookTask: NotebookTask(notebookPath: entryPath), existingClusterId: EngineClusters.clusterId)
            ],
            maxConcurrentRuns: 100)
        let jobs = databricks.jobs
        let existing = try await jobs.list(JobsListQuery(name: settings.name, limit: 1)).jobs?.first
        let jobId: Int64
        if let existing {
            jobId = existing.jobId
            try await jobs.reset(jobId: jobId, settings: settings)
        } else {
            jobId = try await jobs.create(settings)
        }
        let runId = try await jobs.runNow(RunNow(jobId: jobId, notebookParams: parameters)).runId
        return LocalNotebookRun(
            jobRunId: runId, workspacePath: entryPath,
            logFile: state.taskFolder(jobRunId: runId, taskKey: taskKey).appendingPathComponent("logs"))
    }

    /// Calls `write` with the log's new bytes as they come, until the run ends; returns the ended run.
    public func follow(_ run: LocalNotebookRun, write: @Sendable (Data) -> Void) async throws -> Run {
        var offset: UInt64 = 0
        let redaction = SecretRedaction(values: EngineSecrets(file: state.secrets).values())
        func drain() {
            guard let handle = try? FileHandle(forReadingFrom: run.logFile) else { return }
            defer { try? handle.close() }
            try? handle.seek(toOffset: offset)
            if let data = try? handle.readToEnd(), !data.isEmpty {
                offset += UInt64(data.count)
                write(Data(redaction.redact(String(decoding: data, as: UTF8.self)).utf8))
            }
        }
        while true {
            let current = try await databricks.jobs.getRun(runId: run.jobRunId)
            drain()
            if current.state.lifeCycleState.isTerminal { return current }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
