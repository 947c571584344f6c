import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

@Suite("Engine: the run state machine", .timeLimit(.minutes(1)))
struct EngineRunTests {
    @Test func aRunSucceeds() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("ok", [("tests", "exit-42", [])]))
        let started = try await fixture.jobs.runNow(RunNow(jobId: jobId))
        let run = try await fixture.engine.waitForEnd(of: started.runId)
        #expect(run.state.lifeCycleState == .terminated)
        #expect(run.state.resultState == .success)
        #expect(run.status?.terminationDetails?.code == "SUCCESS")
        #expect(run.startTime > 0 && run.endTime >= run.startTime)
        #expect(run.runDuration == run.endTime - run.startTime)
        #expect(run.runPageUrl?.isEmpty == false)
        #expect(run.jobId == jobId)
        let task = try #require(run.tasks?.first)
        #expect(task.runId > run.runId)
        #expect(task.state.resultState == .success)
        #expect(task.executionDuration != nil && task.setupDuration != nil)
        #expect(task.endTime >= task.startTime && task.startTime > 0)
        let output = try await fixture.jobs.getRunOutput(runId: task.runId)
        #expect(output.notebookOutput?.result == "42")
        #expect(output.metadata?.runId == task.runId)
        let multiTask = await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.getRunOutput(runId: run.runId) }
        #expect(multiTask?.message.hasPrefix("Retrieving the output of runs with multiple tasks is not supported") == true)
    }

    /// What a task does before its program runs (installing libraries) is its run's state message,
    /// which `kiln build` prints, as a cluster's run page shows it.
    @Test func aTaskTellsItsRunWhatItIsDoing() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("install", [("tests", "install", [])]))
        let runId = try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId
        let installing = try await fixture.engine.waitForRun(runId) { $0.state.stateMessage.hasPrefix("Installing libraries") }
        #expect(installing.state.lifeCycleState == .running)
        #expect(installing.state.stateMessage == "Installing libraries: kilnprobe==1.0")
        #expect(installing.tasks?.first?.state.stateMessage == "Installing libraries: kilnprobe==1.0")
        try await fixture.jobs.cancelRun(runId: runId)
        #expect(try await fixture.engine.waitForEnd(of: runId).state.resultState == .canceled)
    }

    @Test func aFailedTaskFailsTheRun() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("fail", [("tests", "fail", [])]))
        let run = try await fixture.engine.waitForEnd(of: try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId)
        #expect(run.state.resultState == .failed)
        #expect(run.state.lifeCycleState == .internalError)
        #expect(run.state.stateMessage.contains("Task tests failed"))
        #expect(run.status?.terminationDetails?.code == "RUN_EXECUTION_ERROR")
        let task = try #require(run.tasks?.first)
        #expect(task.state.lifeCycleState == .terminated)
        #expect(task.state.resultState == .failed)
        let output = try await fixture.jobs.getRunOutput(runId: task.runId)
        #expect(output.error == "AssertionError: the model is wrong")
        #expect(output.errorTrace == "Traceback: line 1")
    }

    @Test func runIdsIncreaseAndUnknownIdsAreErrors() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("ok", [("t", "ok", [])]))
        let first = try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId
        let second = try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId
        #expect(second > first)
        let missing = await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.getRun(runId: 9999) }
        #expect(missing?.message == "Run 9999 does not exist.")
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.getRunOutput(runId: 9999) }
        await expectDatabricksError(.invalidParameterValue) { try await fixture.jobs.cancelRun(runId: 9999) }
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.runNow(RunNow(jobId: 9999)) }
    }

    @Test func timeoutGivesTimedOut() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("slow", [("t", "block", [])], timeoutSeconds: 1))
        let run = try await fixture.engine.waitForEnd(of: try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId)
        #expect(run.state.lifeCycleState == .terminated)
        #expect(run.state.resultState == .timedOut)
        #expect(run.state.userCancelledOrTimedout == true)
    }

    @Test func taskTimeoutGivesTimedOut() async throws {
        let fixture = try await EngineFixture()
        var settings = JobSettings.scripted("slow-task", [("t", "block", [])])
        settings.tasks?[0].timeoutSeconds = 1
        let jobId = try await fixture.jobs.create(settings)
        let run = try await fixture.engine.waitForEnd(of: try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId)
        #expect(run.tasks?.first?.state.resultState == .timedOut)
        #expect(run.state.resultState == .timedOut)
    }

    @Test func cancelWhileRunning() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("block", [("t", "block", [])]))
        let runId = try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId
        _ = try await fixture.engine.waitForRun(runId) { $0.tasks?.first?.state.lifeCycleState == .running }
        try await fixture.jobs.cancelRun(runId: runId)
        let run = try await fixture.engine.waitForEnd(of: runId)
        #expect(run.state.resultState == .canceled)
        #expect(run.state.lifeCycleState == .terminated)
        #expect(run.tasks?.first?.state.resultState == .canceled)
        #expect(run.status?.terminationDetails?.code == "USER_CANCELED")
        // Cancelling a run that has ended is not an error.
        try await fixture.jobs.cancelRun(runId: runId)
    }

    @Test func maxConcurrentRunsSkipsOrQueues() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("limited", [("t", "block", [])], maxConcurrentRuns: 1))
        let first = try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId
        _ = try await fixture.engine.waitForRun(first) { $0.state.lifeCycleState == .running }

        let skipped = try await fixture.jobs.getRun(runId: try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId)
        #expect(skipped.state.lifeCycleState == .skipped)
        #expect(skipped.state.resultState == .maximumConcurrentRunsReached)

        var queueing = RunNow(jobId: jobId)
        queueing.queue = QueueSettings(enabled: true)
        let queuedId = try await fixture.jobs.runNow(queueing).runId
        let queued = try await fixture.jobs.getRun(runId: queuedId)
        #expect(queued.state.lifeCycleState == .queued)

        // Cancel while queued: it ends without ever running.
        try await fixture.jobs.cancelRun(runId: queuedId)
        let canceled = try await fixture.engine.waitForEnd(of: queuedId)
        #expect(canceled.state.resultState == .canceled)
        #expect(canceled.tasks?.first?.startTime == canceled.tasks?.first?.endTime)

        // A queued run starts when the running one ends.
        let nextId = try await fixture.jobs.runNow(queueing).runId
        try await fixture.jobs.cancelRun(runId: first)
        _ = try await fixture.engine.waitForRun(nextId) { $0.state.lifeCycleState == .running }
        try await fixture.jobs.cancelRun(runId: nextId)
        #expect(try await fixture.engine.waitForEnd(of: nextId).state.resultState == .canceled)
        let invoked = await fixture.executor.invocations.all.map(\.jobRunId)
        #expect(invoked == [first, nextId])
    }

    @Test func aFailedParentSkipsItsChildren() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(
            .scripted(
                "graph",
                [
                    ("prepare", "fail", []), ("independent", "ok", []), ("evaluate", "ok", ["prepare", "independent"]),
                ]))
        let run = try await fixture.engine.waitForEnd(of: try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId)
        let states = Dictionary(uniqueKeysWithValues: (run.tasks ?? []).map { ($0.taskKey, $0.state) })
        #expect(states["prepare"]?.resultState == .failed)
        #expect(states["independent"]?.resultState == .success)
        #expect(states["evaluate"]?.resultState == .upstreamFailed)
        #expect(states["evaluate"]?.lifeCycleState == .skipped)
        #expect(run.state.resultState == .failed)
        let invoked = Set(await fixture.executor.invocations.all.map(\.task.taskKey))
        #expect(invoked == ["prepare", "independent"])
    }

    @Test func dependenciesRunInOrder() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("chain", [("c", "ok", ["b"]), ("b", "ok", ["a"]), ("a", "ok", [])]))
        let run = try await fixture.engine.waitForEnd(of: try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId)
        #expect(run.state.resultState == .success)
        #expect(await fixture.executor.invocations.all.map(\.task.taskKey) == ["a", "b", "c"])
    }

    @Test func aRepeatedIdempotencyTokenReturnsTheFirstRun() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("ok", [("t", "ok", [])], maxConcurrentRuns: 5))
        let token = "build-17-\(UUID().uuidString)"
        let first = try await fixture.jobs.runNow(RunNow(jobId: jobId, idempotencyToken: token))
        let again = try await fixture.jobs.runNow(RunNow(jobId: jobId, idempotencyToken: token))
        #expect(first.runId == again.runId)
        _ = try await fixture.engine.waitForEnd(of: first.runId)
        #expect(try await fixture.jobs.listRuns(RunsListQuery(jobId: jobId)).runs?.count == 1)
        await expectDatabricksError(.invalidParameterValue) {
            _ = try await fixture.jobs.runNow(RunNow(jobId: jobId, idempotencyToken: String(repeating: "x", count: 65)))
        }
    }

    @Test func parametersMergeAsOnDatabricks() async throws {
        let fixture = try await EngineFixture()
        var settings = JobSettings.scripted("params", [("t", "ok", [])])
        settings.tasks?[0].notebookTask?.baseParameters = ["a": "base", "b": "base", "c": "base", "run": "{{job.run_id}}"]
        settings.parameters = [JobParameterDefinition(name: "b", default: "job-default"), JobParameterDefinition(name: "d", default: "d0")]
        let jobId = try await fixture.jobs.create(settings)
        let runId = try await fixture.jobs.runNow(RunNow(jobId: jobId, jobParameters: ["d": "d1"], notebookParams: ["c": "run"])).runId
        let run = try await fixture.engine.waitForEnd(of: runId)
        let parameters = try #require(await fixture.executor.invocations.all.first?.parameters)
        #expect(parameters == ["a": "base", "b": "job-default", "c": "run", "d": "d1", "run": String(runId)])
        #expect(run.jobParameters?.map(\.value) == ["job-default", "d1"])
        #expect(run.overridingParameters?.notebookParams == ["c": "run"])
    }

    @Test func runsListNewestFirstAndPages() async throws {
        let fixture = try await EngineFixture()
        let jobId = try await fixture.jobs.create(.scripted("ok", [("t", "ok", [])], maxConcurrentRuns: 10))
        var ids: [Int64] = []
        for _ in 0..<4 { ids.append(try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId) }
        for id in ids { _ = try await fixture.engine.waitForEnd(of: id) }
        let page = try await fixture.jobs.listRuns(RunsListQuery(jobId: jobId, limit: 3))
        #expect(page.runs?.map(\.runId) == Array(ids.reversed().prefix(3)))
        #expect(page.hasMore)
        let rest = try await fixture.jobs.listRuns(RunsListQuery(jobId: jobId, limit: 3, pageToken: page.nextPageToken))
        #expect(rest.runs?.map(\.runId) == [ids[0]])
        #expect(try await fixture.jobs.listRuns(RunsListQuery(jobId: jobId, activeOnly: true)).runs == nil)
        await expectDatabricksError(.invalidParameterValue) {
            _ = try await fixture.jobs.listRuns(RunsListQuery(activeOnly: true, completedOnly: true))
        }
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.listRuns(RunsListQuery(limit: 26)) }
    }
}
