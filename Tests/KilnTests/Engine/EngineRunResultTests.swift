import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// How the engine decides a multi-task run's result, as Databricks does: the leaf tasks (those no
/// task depends on) decide, and a failure before them that they survived is SUCCESS_WITH_FAILURES.
@Suite("Engine: the result of a multi-task run", .timeLimit(.minutes(1)))
struct EngineRunResultTests {
    /// `(key, script, dependsOn, runIf)` for each task.
    private func run(_ tasks: [(String, String, [String], RunIf?)]) async throws -> Run {
        let fixture = try await EngineFixture()
        var settings = JobSettings.scripted("job", tasks.map { ($0.0, $0.1, $0.2) })
        settings.tasks = zip(settings.tasks ?? [], tasks).map { task, spec in
            var task = task
            task.runIf = spec.3
            return task
        }
        let jobId = try await fixture.jobs.create(settings)
        return try await fixture.engine.waitForEnd(of: try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var tasks: [(String, String, [String], RunIf?)]
        var result: ResultState
        var code: TerminationCode
        var lifeCycle: LifeCycleState
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a leaf that runs ALL_DONE after a failed task",
            tasks: [("train", "fail", [], nil), ("report", "ok", ["train"], .allDone)],
            result: .successWithFailures, code: .successWithFailures, lifeCycle: .terminated),
        Case(
            name: "a leaf that needs one success of two",
            tasks: [
                ("train", "fail", [], nil), ("baseline", "ok", [], nil), ("compare", "ok", ["train", "baseline"], .atLeastOneSuccess),
            ],
            result: .successWithFailures, code: .successWithFailures, lifeCycle: .terminated),
        Case(
            name: "a leaf skipped because of the failure", tasks: [("train", "fail", [], nil), ("report", "ok", ["train"], nil)],
            result: .failed, code: .runExecutionError, lifeCycle: .internalError),
        Case(
            name: "a failed leaf beside a passing one", tasks: [("train", "fail", [], nil), ("lint", "ok", [], nil)],
            result: .failed, code: .runExecutionError, lifeCycle: .internalError),
        Case(
            name: "every task passing", tasks: [("train", "ok", [], nil), ("report", "ok", ["train"], .allDone)],
            result: .success, code: .success, lifeCycle: .terminated),
    ]

    @Test(arguments: cases)
    func theLeavesDecide(_ expected: Case) async throws {
        let run = try await run(expected.tasks)
        #expect(run.state.resultState == expected.result)
        #expect(run.state.lifeCycleState == expected.lifeCycle)
        #expect(run.status?.terminationDetails?.code == expected.code)
        if expected.result != .success {
            #expect(run.state.stateMessage.hasPrefix("Task train failed"), "\(run.state.stateMessage)")
        }
    }
}
