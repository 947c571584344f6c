import AsyncHTTPClient
import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// `kill -9` of a `kiln serve` process in the middle of a stream of writes: a new engine on the
/// same state has every write the first one acknowledged, intact, and ends the run it left.
@Suite("Engine: durability across kill -9", .timeLimit(.minutes(3)))
struct EngineCrashTests {
    actor Acknowledged {
        var notebooks: [String: Data] = [:]
        var files: [String: Data] = [:]
        func notebook(_ path: String, _ content: Data) { notebooks[path] = content }
        func file(_ path: String, _ content: Data) { files[path] = content }
        var count: Int { notebooks.count + files.count }
    }

    @Test func everyAcknowledgedWriteSurvivesAndTheActiveRunEndsInternalError() async throws {
        let folder = TemporaryFolder("kiln-crash")
        let state = folder.path("state")
        let server = try await ServeProcess(state: state)
        // A short deadline: after the kill, the client would retry the refused connection until it.
        let http = HTTPTestClient(client: .shared, baseURL: server.url, token: server.token, timeout: .seconds(4))

        // A run that is active when the server dies; it reports its process group through a pipe.
        let pipe = makePipe(in: folder)
        let notebook =
            "# Databricks notebook source\nimport os, time\nopen(dbutils.widgets.get('pipe'), 'w').write(str(os.getpgrp()))\ntime.sleep(600)\n"
        _ = try await http.call(
            .POST, "/api/2.0/workspace/import",
            json: #"{"path": "/Shared/long", "content": "\#(Data(notebook.utf8).base64EncodedString())", "language": "PYTHON"}"#)
        let jobId = try await http.decode(
            JobID.self, .POST, "/api/2.1/jobs/create",
            json: #"{"name": "long", "tasks": [{"task_key": "long", "notebook_task": {"notebook_path": "/Shared/long"}}]}"#
        ).jobId
        let runId = try await http.decode(
            RunStarted.self, .POST, "/api/2.1/jobs/run-now",
            json: #"{"job_id": \#(jobId), "notebook_params": {"pipe": "\#(pipe)"}}"#
        ).runId
        let group = try #require(pid_t(await readLine(fromPipe: pipe)))

        let acknowledged = Acknowledged()
        try await http.call(.POST, "/api/2.0/workspace/mkdirs", json: #"{"path": "/Shared/crash"}"#).expectOK()
        let (killed, killedSignal) = AsyncStream.makeStream(of: Void.self)
        await withTaskGroup(of: Void.self) { writers in
            for writer in 0..<4 {
                writers.addTask {
                    for index in 0..<10_000 {
                        guard await Self.write(writer: writer, index: index, http: http, acknowledged: acknowledged) else { return }
                    }
                }
            }
            writers.addTask {
                while await acknowledged.count < 80 { await Task.yield() }
                await server.stop(SIGKILL)
                killedSignal.yield()
                killedSignal.finish()
            }
            await writers.waitForAll()
        }
        for await _ in killed {}
        #expect(await acknowledged.count >= 80)

        let engine = try await Engine(state: StateFolder(state), executor: ScriptedExecutor())
        for (path, content) in await acknowledged.notebooks {
            #expect(try await engine.databricks.workspace.export(path, format: .source).content == content, "\(path)")
        }
        for (path, content) in await acknowledged.files {
            #expect(try Data(contentsOf: try engine.localURL(forDBFSPath: path)) == content, "\(path)")
        }
        let run = try await engine.databricks.jobs.getRun(runId: runId)
        #expect(run.state.lifeCycleState == .internalError)
        #expect(run.state.stateMessage.contains("engine stopped"))
        #expect(!ProcessGroup.hasLiveMember(group), "the run's processes were killed on restart")
    }

    /// One write: a notebook, a small file, or every fifth time a 3 MB file streamed in blocks.
    /// Returns false once the server is gone.
    private static func write(writer: Int, index: Int, http: HTTPTestClient, acknowledged: Acknowledged) async -> Bool {
        do {
            let name = "w\(writer)-\(index)"
            switch index % 5 {
            case 0:
                let content = Data.pattern(3 * DBFSLimits.maxBlockBytes, seed: UInt8(index % 200))
                let handle = try await http.decode(
                    DBFSHandle.self, .POST, "/api/2.0/dbfs/create", json: #"{"path": "/crash/\#(name).bin"}"#
                ).handle
                for block in 0..<3 {
                    let data = content[(block * DBFSLimits.maxBlockBytes)..<((block + 1) * DBFSLimits.maxBlockBytes)].base64EncodedString()
                    try await http.call(.POST, "/api/2.0/dbfs/add-block", json: #"{"handle": \#(handle), "data": "\#(data)"}"#).expectOK()
                }
                try await http.call(.POST, "/api/2.0/dbfs/close", json: #"{"handle": \#(handle)}"#).expectOK()
                await acknowledged.file("/crash/\(name).bin", content)
            case 1, 3:
                let content = Data.pattern(40_000 + index, seed: UInt8(writer))
                try await http.call(
                    .POST, "/api/2.0/dbfs/put", json: #"{"path": "/crash/\#(name).small", "contents": "\#(content.base64EncodedString())"}"#
                ).expectOK()
                await acknowledged.file("/crash/\(name).small", content)
            default:
                let content = Data("# Databricks notebook source\nprint('\(name)')\n\(String(repeating: "#", count: index))\n".utf8)
                try await http.call(
                    .POST, "/api/2.0/workspace/import",
                    json: #"{"path": "/Shared/crash/\#(name)", "content": "\#(content.base64EncodedString())", "language": "PYTHON"}"#
                ).expectOK()
                await acknowledged.notebook("/Shared/crash/\(name)", content)
            }
            return true
        } catch {
            return false
        }
    }
}

extension HTTPTestClient.Answer {
    /// Throws unless the server acknowledged the request.
    func expectOK() throws {
        guard status == 200 else { throw HTTPTestClient.UnexpectedStatus(status: status, body: String(decoding: body, as: UTF8.self)) }
    }
}
