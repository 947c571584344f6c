import Foundation
import KilnAPI
@testable import KilnEngine

/// An engine that runs notebooks for real (R and Python processes), on a state folder of its own.
struct RuntimeFixture {
    let folder = TemporaryFolder("kiln-runtime")
    let engine: Engine

    init() async throws {
        engine = try await Engine(state: StateFolder(folder.path("state")))
    }

    var jobs: any JobsService { engine.databricks.jobs }

    /// Imports `source` as a notebook at `path` (its folder created).
    func importNotebook(_ path: String, _ source: String, language: NotebookLanguage) async throws {
        try await engine.databricks.workspace.mkdirs(WorkspacePath.parent(of: path))
        try await engine.databricks.workspace.importObject(
            WorkspaceImport(path: path, content: Data(source.utf8), format: .source, language: language, overwrite: true))
    }

    /// Creates a one-task job for the notebook at `path` and starts it; returns the job run id.
    func start(_ path: String, parameters: [String: String] = [:], timeoutSeconds: Int? = nil, maxConcurrentRuns: Int? = nil) async throws -> Int64 {
        let settings = JobSettings(name: "test \(path)", tasks: [JobTask(taskKey: "notebook", notebookTask: NotebookTask(notebookPath: path))],
                                   maxConcurrentRuns: maxConcurrentRuns, timeoutSeconds: timeoutSeconds)
        let jobId = try await jobs.create(settings)
        return try await jobs.runNow(RunNow(jobId: jobId, notebookParams: parameters)).runId
    }

    /// Runs a notebook to its end; returns the job run and its task's output.
    func run(_ path: String, parameters: [String: String] = [:], timeoutSeconds: Int? = nil) async throws -> (Run, RunOutput) {
        let runId = try await start(path, parameters: parameters, timeoutSeconds: timeoutSeconds)
        let run = try await engine.waitForEnd(of: runId)
        let taskRunId = try require(run.tasks?.first?.runId)
        return (run, try await jobs.getRunOutput(runId: taskRunId))
    }

    /// The local file behind a DBFS path.
    func local(_ dbfsPath: String) throws -> URL { try engine.localURL(forDBFSPath: dbfsPath) }
}

/// Reads a line from a named pipe on a thread of its own: the test waits on an event (the notebook
/// opening the pipe), not on a timer, and no thread of the cooperative pool is blocked.
func readLine(fromPipe path: String) async -> String {
    await withCheckedContinuation { continuation in
        Thread {
            // open() of a pipe blocks until the writer opens it; read() then returns what it wrote.
            let descriptor = open(path, O_RDONLY)
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 256)
            while descriptor >= 0 {
                let count = read(descriptor, &buffer, buffer.count)
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            close(descriptor)
            continuation.resume(returning: String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }.start()
    }
}

/// Makes a named pipe at a fresh path in `folder`.
func makePipe(in folder: TemporaryFolder, _ name: String = "pipe") -> String {
    let path = folder.path(name).path
    mkfifo(path, 0o600)
    return path
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw EngineTestError.missing }
    return value
}

enum EngineTestError: Error { case missing }
