import AsyncHTTPClient
import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// `kiln serve`, the real binary: what it prints, its token, and a clean stop.
@Suite("kiln serve", .timeLimit(.minutes(2)))
struct ServeCommandTests {
    @Test func withoutATokenItGeneratesOneAndSaysWhereNotWhat() async throws {
        let folder = TemporaryFolder()
        let state = folder.path("state")
        let process = Process()
        process.executableURL = KilnBinary.url
        process.arguments = ["serve", "--state", state.path]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "KILN_SERVE_TOKEN")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let tokenFile = state.appendingPathComponent("serve-token")
        // The token line comes before the listening line; read both, then stop.
        let text = try Self.outputUntilListening(process, output)
        let token = try String(contentsOf: tokenFile, encoding: .utf8)
        #expect(token.hasPrefix("dapi") && token.count == 36)
        #expect(text.contains("token written to \(tokenFile.path)"))
        #expect(!text.contains(token), "the token itself is never printed")
        let permissions = try FileManager.default.attributesOfItem(atPath: tokenFile.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(text.contains("listening on http://127.0.0.1:"))
        #expect(process.terminationStatus == 0)
    }

    /// Loopback by default and silent about it; any other address is warned about on stderr
    /// before the server listens (it binds for a moment here: no traffic goes to it).
    @Test(arguments: [("127.0.0.1", false), ("0.0.0.0", true)])
    func listeningBeyondLoopbackIsWarnedAbout(host: String, warned: Bool) async throws {
        let folder = TemporaryFolder()
        let process = Process()
        process.executableURL = KilnBinary.url
        process.arguments = ["serve", "--state", folder.path("state").path, "--host", host, "--port", "0", "--token", "dapi-test"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = try Self.outputUntilListening(process, output)
        let warning = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("listening on http://\(host):"), "\(text)")
        #expect(warning.contains("WARNING: listening on \(host), beyond this machine") == warned, "\(warning)")
    }

    /// Reads the server's output until it listens, stops it (SIGINT), and returns all it printed.
    private static func outputUntilListening(_ process: Process, _ output: Pipe) throws -> String {
        var text = ""
        while !text.contains("listening on") {
            guard let chunk = try output.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        process.interrupt()
        process.waitUntilExit()
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        SecretSweep.search(text, from: "kiln serve")
        return text
    }

    @Test func sigtermStopsActiveRunsAndLosesNothing() async throws {
        let folder = TemporaryFolder()
        let state = folder.path("state")
        let server = try await ServeProcess(state: state)
        let http = HTTPTestClient(client: .shared, baseURL: server.url, token: server.token)
        let pipe = makePipe(in: folder)
        let notebook =
            "# Databricks notebook source\nimport os, time\nopen(dbutils.widgets.get('pipe'), 'w').write(str(os.getpgrp()))\ntime.sleep(600)\n"
        try await http.call(
            .POST, "/api/2.0/workspace/import",
            json: #"{"path": "/Shared/long", "content": "\#(Data(notebook.utf8).base64EncodedString())", "language": "PYTHON"}"#
        ).expectOK()
        let jobId = try await http.decode(
            JobID.self, .POST, "/api/2.1/jobs/create",
            json: #"{"name": "long", "tasks": [{"task_key": "long", "notebook_task": {"notebook_path": "/Shared/long"}}]}"#
        ).jobId
        let runId = try await http.decode(
            RunStarted.self, .POST, "/api/2.1/jobs/run-now",
            json: #"{"job_id": \#(jobId), "notebook_params": {"pipe": "\#(pipe)"}}"#
        ).runId
        let group = try #require(pid_t(await readLine(fromPipe: pipe)))

        #expect(await server.stop(SIGTERM) == 0)
        #expect(!ProcessGroup.hasLiveMember(group), "the run's processes were stopped with the server")
        let engine = try await Engine(state: StateFolder(state), executor: ScriptedExecutor())
        let run = try await engine.databricks.jobs.getRun(runId: runId)
        #expect(run.state.lifeCycleState == .internalError)
        #expect(try await engine.databricks.workspace.export("/Shared/long", format: .source).content == Data(notebook.utf8))
        #expect(try await engine.databricks.jobs.get(jobId: jobId).settings.name == "long")
    }
}
