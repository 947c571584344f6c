import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// An engine that runs notebooks for real (R and Python processes), on a state folder of its own.
struct RuntimeFixture {
    let folder = TemporaryFolder("kiln-runtime")
    let engine: Engine

    init(settings: EngineSettings = EngineSettings()) async throws {
        engine = try await Engine(state: StateFolder(folder.path("state")), settings: settings)
    }

    var jobs: any JobsService { engine.databricks.jobs }

    /// Imports `source` as a notebook at `path` (its folder created).
    func importNotebook(_ path: String, _ source: String, language: NotebookLanguage) async throws {
        try await engine.databricks.workspace.mkdirs(WorkspacePathText.parent(of: path))
        try await engine.databricks.workspace.importObject(
            WorkspaceImport(path: path, content: Data(source.utf8), format: .source, language: language, overwrite: true))
    }

    /// Creates a one-task job for the notebook at `path` and starts it; returns the job run id.
    func start(_ path: String, parameters: [String: String] = [:], timeoutSeconds: Int? = nil, maxConcurrentRuns: Int? = nil) async throws
        -> Int64
    {
        let settings = JobSettings(
            name: "test \(path)", tasks: [JobTask(taskKey: "notebook", notebookTask: NotebookTask(notebookPath: path))],
            maxConcurrentRuns: maxConcurrentRuns, timeoutSeconds: timeoutSeconds)
        let jobId = try await jobs.create(settings)
        return try await jobs.runNow(RunNow(jobId: jobId, notebookParams: parameters)).runId
    }

    /// Runs a notebook to its end; returns the job run and its task's output.
    func run(_ path: String, parameters: [String: String] = [:], timeoutSeconds: Int? = nil) async throws -> (Run, RunOutput) {
        let runId = try await start(path, parameters: parameters, timeoutSeconds: timeoutSeconds)
        let run = try await engine.waitForEnd(of: runId)
        let taskRunId = try #require(run.tasks?.first?.runId)
        return (run, try await jobs.getRunOutput(runId: taskRunId))
    }

    /// The local file behind a DBFS path.
    func local(_ dbfsPath: String) throws -> URL { try engine.localURL(forDBFSPath: dbfsPath) }
}

/// Reads what a notebook writes to a named pipe, on a thread of its own: the test waits on an
/// event (the write), not on a timer, and no thread of the cooperative pool is blocked. The pipe
/// is opened read-write, so opening never blocks; a notebook that never writes gives "" after
/// two minutes rather than a hung test.
func readLine(fromPipe path: String) async -> String {
    await withCheckedContinuation { continuation in
        Thread {
            let descriptor = open(path, O_RDWR)
            defer { close(descriptor) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard descriptor >= 0, poll(&poller, 1, 120_000) == 1 else {
                continuation.resume(returning: "")
                return
            }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(descriptor, &buffer, buffer.count)
            let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
            continuation.resume(returning: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }.start()
    }
}

/// Makes a named pipe at a fresh path in `folder`.
func makePipe(in folder: TemporaryFolder, _ name: String = "pipe") -> String {
    let path = folder.path(name).path
    mkfifo(path, 0o600)
    return path
}
