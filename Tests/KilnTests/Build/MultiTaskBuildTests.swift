import Foundation
import KilnAPI
import KilnReports
import Testing

@testable import KilnEngine
@testable import KilnPipeline

/// A build whose job has several tasks fails when any task did not succeed, even when the run
/// as a whole ended SUCCESS_WITH_FAILURES (its leaf tasks passed), and says which task.
@Suite("kiln build with a multi-task job", .timeLimit(.minutes(2)))
struct MultiTaskBuildTests {
    @Test func aRunEndingSuccessWithFailuresFailsTheBuildNamingTheTask() async throws {
        let repository = try await ExampleRepository("r-model")
        try repository.write(
            "databricks/job-template.json",
            """
            {
              "name": "build-{{repo.name}}",
              "tasks": [
                {"task_key": "train", "notebook_task": {"notebook_path": "/Shared/scripts/fail"}},
                {"task_key": "report", "depends_on": [{"task_key": "train"}], "run_if": "ALL_DONE",
                 "notebook_task": {"notebook_path": "/Shared/scripts/ok"}}
              ]
            }
            """)
        let state = TemporaryFolder()
        let engine = try await Engine(state: StateFolder(state.path("engine")), executor: ScriptedExecutor())
        let events = EventLog()
        let session = try await repository.session(engine: engine, buildID: "swf", observer: events)
        let status = try await BuildPipeline(session: session, force: true).run()

        #expect(status == .runFailed)
        #expect(status.rawValue == 2)
        #expect(events.text.contains("SUCCESS_WITH_FAILURES"), "\(events.text)")
        #expect(events.text.contains("task train ended FAILED: AssertionError: the model is wrong"), "\(events.text)")
        let run = try #require(try await engine.databricks.jobs.listRuns(RunsListQuery(expandTasks: true)).runs?.first)
        #expect(run.state.resultState == .successWithFailures)
        let report = try JUnitParser().parse(contentsOf: repository.url.appendingPathComponent("kiln-results/junit.xml"))
        let failure = try #require(report.failedCases.first)
        #expect(failure.outcome.failure?.message.contains("task train ended FAILED") == true, "\(failure)")
    }
}
