import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// Jobs API 2.1 runs, on both targets: outcomes and outputs, cancel, idempotency and paging.
@Suite("Contract: runs", .serialized, .timeLimit(.minutes(2)))
struct RunsContractTests {
    @Test(arguments: ContractTarget.allCases)
    func aRunSucceedsWithItsExitValue(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("exit", [("tests", "exit-42", [])]))
            let started = try await world.jobs.runNow(RunNow(jobId: jobId, notebookParams: ["build_number": "7"]))
            let run = try await world.engine.waitForEnd(of: started.runId)
            let polled = try await world.jobs.getRun(runId: started.runId)
            #expect(polled.state == run.state)
            #expect(polled.state.lifeCycleState == .terminated)
            #expect(polled.state.resultState == .success)
            #expect(polled.status?.terminationDetails?.code == "SUCCESS")
            #expect(polled.overridingParameters?.notebookParams == ["build_number": "7"])
            #expect(polled.endTime >= polled.startTime && polled.startTime > 0)
            let task = try #require(polled.tasks?.first)
            #expect(task.taskKey == "tests")
            #expect(task.notebookTask?.baseParameters?["build_number"] == "7")
            #expect(try await world.jobs.getRunOutput(runId: task.runId).notebookOutput?.result == "42")
            #expect(try await world.jobs.getRun(runId: task.runId).state.resultState == .success)
            await expectError(
                .invalidParameter(
                    "Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead."
                )
            ) {
                _ = try await world.jobs.getRunOutput(runId: started.runId)
            }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func aFailedTaskFailsTheRun(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("fail", [("tests", "fail", []), ("report", "ok", ["tests"])]))
            let runId = try await world.jobs.runNow(RunNow(jobId: jobId)).runId
            _ = try await world.engine.waitForEnd(of: runId)
            let run = try await world.jobs.getRun(runId: runId)
            #expect(run.state.lifeCycleState == .internalError)
            #expect(run.state.resultState == .failed)
            #expect(run.status?.terminationDetails?.code == "RUN_EXECUTION_ERROR")
            #expect(run.tasks?.map { $0.state.resultState } == [.failed, .upstreamFailed])
            let output = try await world.jobs.getRunOutput(runId: try #require(run.tasks?.first).runId)
            #expect(output.error == "AssertionError: the model is wrong")
            #expect(output.errorTrace == "Traceback: line 1")
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func aCancelledRunEndsCanceled(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("block", [("t", "block", [])]))
            let runId = try await world.jobs.runNow(RunNow(jobId: jobId)).runId
            _ = try await world.engine.waitForRun(runId) { $0.state.lifeCycleState == .running }
            #expect(try await world.jobs.listRuns(RunsListQuery(jobId: jobId, activeOnly: true)).runs?.map(\.runId) == [runId])
            try await world.jobs.cancelRun(runId: runId)
            _ = try await world.engine.waitForEnd(of: runId)
            let run = try await world.jobs.getRun(runId: runId)
            #expect(run.state.lifeCycleState == .terminated)
            #expect(run.state.resultState == .canceled)
            // Cancelling an ended run is not an error, which makes a repeated cancel harmless.
            try await world.jobs.cancelRun(runId: runId)
            #expect(try await world.jobs.listRuns(RunsListQuery(jobId: jobId, activeOnly: true)).runs == nil)
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func anIdempotencyTokenStartsOneRun(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("idem", [("t", "ok", [])], maxConcurrentRuns: 10))
            let first = try await world.jobs.runNow(RunNow(jobId: jobId, idempotencyToken: "build-42"))
            let second = try await world.jobs.runNow(RunNow(jobId: jobId, idempotencyToken: "build-42"))
            #expect(first.runId == second.runId)
            #expect(try await world.jobs.listRuns(RunsListQuery(jobId: jobId)).runs?.count == 1)
            // Without a token of the caller's, every start is a new run.
            let third = try await world.jobs.runNow(RunNow(jobId: jobId)).runId
            let fourth = try await world.jobs.runNow(RunNow(jobId: jobId)).runId
            #expect(Set([first.runId, third, fourth]).count == 3)
            await expectError(.invalidParameter("idempotency_token is 65 characters; it may have at most 64.")) {
                _ = try await world.jobs.runNow(RunNow(jobId: jobId, idempotencyToken: String(repeating: "x", count: 65)))
            }
            for runId in [first.runId, third, fourth] { _ = try await world.engine.waitForEnd(of: runId) }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func runListsPageNewestFirst(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("many", [("t", "ok", [])], maxConcurrentRuns: 10))
            var started: [Int64] = []
            for _ in 1...5 { started.append(try await world.jobs.runNow(RunNow(jobId: jobId)).runId) }
            for runId in started { _ = try await world.engine.waitForEnd(of: runId) }

            var seen: [Int64] = []
            var token: String?
            repeat {
                let page = try await world.jobs.listRuns(RunsListQuery(jobId: jobId, completedOnly: true, limit: 2, pageToken: token))
                seen += page.runs?.map(\.runId) ?? []
                #expect(page.runs?.allSatisfy { $0.tasks == nil } == true)
                token = page.nextPageToken
            } while token != nil
            #expect(seen == started.reversed())
            #expect(try await world.jobs.listRuns(RunsListQuery(jobId: jobId, limit: 1, expandTasks: true)).runs?.first?.tasks?.count == 1)
            await expectError(.invalidParameter("active_only and completed_only cannot both be true.")) {
                _ = try await world.jobs.listRuns(RunsListQuery(activeOnly: true, completedOnly: true))
            }
            await expectError(.invalidParameter("limit must be between 1 and 25, not 30.")) {
                _ = try await world.jobs.listRuns(RunsListQuery(limit: 30))
            }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func unknownRunsAreErrors(_ target: ContractTarget) async throws {
        try await target.run { world in
            let missing = DatabricksError.invalidParameter("Run 9999 does not exist.")
            await expectError(missing) { _ = try await world.jobs.getRun(runId: 9999) }
            await expectError(missing) { _ = try await world.jobs.getRunOutput(runId: 9999) }
            await expectError(missing) { try await world.jobs.cancelRun(runId: 9999) }
        }
    }

    /// Real notebooks, run by the engine's Python runtime: widgets, the exit value, and a failure.
    @Test(arguments: ContractTarget.allCases)
    func pythonNotebooksRunForReal(_ target: ContractTarget) async throws {
        try await target.run(executor: nil) { world in
            try await world.workspace.mkdirs("/Shared/kiln")
            let passing = """
                # Databricks notebook source
                dbutils.widgets.text("build_number", "0")

                # COMMAND ----------

                dbutils.notebook.exit("build " + dbutils.widgets.get("build_number"))
                """
            let failing = """
                # Databricks notebook source
                raise ValueError("the model is wrong")
                """
            for (name, source) in [("passing", passing), ("failing", failing)] {
                try await world.workspace.importObject(
                    WorkspaceImport(path: "/Shared/kiln/\(name)", content: Data(source.utf8), language: .python))
            }
            let passingJob = try await world.jobs.create(
                JobSettings(
                    name: "passing", tasks: [JobTask(taskKey: "nb", notebookTask: NotebookTask(notebookPath: "/Shared/kiln/passing"))]))
            let failingJob = try await world.jobs.create(
                JobSettings(
                    name: "failing", tasks: [JobTask(taskKey: "nb", notebookTask: NotebookTask(notebookPath: "/Shared/kiln/failing"))]))

            let passed = try await world.engine.waitForEnd(
                of: try await world.jobs.runNow(RunNow(jobId: passingJob, notebookParams: ["build_number": "12"])).runId)
            #expect(passed.state.resultState == .success)
            #expect(try await world.jobs.getRunOutput(runId: try #require(passed.tasks?.first).runId).notebookOutput?.result == "build 12")

            let failed = try await world.engine.waitForEnd(of: try await world.jobs.runNow(RunNow(jobId: failingJob)).runId)
            #expect(failed.state.resultState == .failed)
            let output = try await world.jobs.getRunOutput(runId: try #require(failed.tasks?.first).runId)
            #expect(output.error?.contains("ValueError: the model is wrong") == true)
        }
    }
}
