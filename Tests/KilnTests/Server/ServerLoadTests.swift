import AsyncHTTPClient
import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// Many clients at once on loopback, bounded in requests and time.
@Suite("Server: load", .timeLimit(.minutes(3)))
struct ServerLoadTests {
    actor Acknowledged {
        var notebooks: [String: String] = [:]
        var runs: [Int64] = []
        var requests = 0
        func notebook(_ path: String, _ text: String) { notebooks[path] = text }
        func run(_ runId: Int64) { runs.append(runId) }
        func request() { requests += 1 }
    }

    @Test func concurrentClientsImportListAndPollRuns() async throws {
        let clients = 12
        let rounds = 15
        try await ServerFixture.run(executor: ScriptedExecutor()) { api in
            let http = HTTPTestClient(client: .shared, baseURL: api.baseURL, token: api.token)
            let jobId = try await api.engine.databricks.jobs.create(.scripted("load", [("t", "ok", [])], maxConcurrentRuns: 1000))
            try await api.engine.databricks.workspace.mkdirs("/Shared/load")
            let acknowledged = Acknowledged()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        for round in 0..<rounds {
                            let path = "/Shared/load/c\(client)-r\(round)"
                            let text = "# Databricks notebook source\nprint(\(client), \(round))\n"
                            let content = Data(text.utf8).base64EncodedString()
                            let imported = try await http.call(
                                .POST, "/api/2.0/workspace/import",
                                json: #"{"path": "\#(path)", "content": "\#(content)", "language": "PYTHON"}"#)
                            #expect(imported.status == 200)
                            if imported.status == 200 { await acknowledged.notebook(path, text) }
                            let listed = try await http.decode(WorkspaceList.self, .GET, "/api/2.0/workspace/list?path=/Shared/load")
                            #expect(listed.objects?.contains { $0.path == path } == true)
                            let started = try await http.decode(
                                RunStarted.self, .POST, "/api/2.1/jobs/run-now", json: #"{"job_id": \#(jobId)}"#)
                            await acknowledged.run(started.runId)
                            var run = try await http.decode(Run.self, .GET, "/api/2.1/jobs/runs/get?run_id=\(started.runId)")
                            while !run.state.lifeCycleState.isTerminal {
                                await Task.yield()
                                run = try await http.decode(Run.self, .GET, "/api/2.1/jobs/runs/get?run_id=\(started.runId)")
                                await acknowledged.request()
                            }
                            #expect(run.state.resultState == .success)
                        }
                    }
                }
                try await group.waitForAll()
            }
            // The state afterwards is exactly what was acknowledged.
            let notebooks = await acknowledged.notebooks
            #expect(notebooks.count == clients * rounds)
            let listed = try await api.engine.databricks.workspace.list("/Shared/load")
            #expect(Set(listed.map(\.path)) == Set(notebooks.keys))
            for (path, text) in notebooks {
                #expect(try await api.engine.databricks.workspace.export(path, format: .source).content == Data(text.utf8))
            }
            let runs = await acknowledged.runs
            #expect(Set(runs).count == clients * rounds)
            var listedRuns: [Int64] = []
            var token: String?
            repeat {
                let page = try await api.engine.databricks.jobs.listRuns(RunsListQuery(jobId: jobId, limit: 25, pageToken: token))
                listedRuns += (page.runs ?? []).map(\.runId)
                #expect(page.runs?.allSatisfy { $0.state.resultState == .success } ?? true)
                token = page.nextPageToken
            } while token != nil
            #expect(Set(listedRuns) == Set(runs))
        }
    }
}
