import Foundation
import KilnAPI
import KilnReports
import Testing

@testable import KilnEngine
@testable import KilnPipeline

/// `kiln build` end to end on the reference example: real git repositories in temporary folders,
/// the embedded engine, real R.
@Suite("kiln build on the embedded engine", .timeLimit(.minutes(3)))
struct BuildPipelineTests {
    struct Built {
        var status: KilnPipeline.ExitStatus
        var events: EventLog
        var session: BuildSession
        var engine: Engine
    }

    /// Builds `repository` once on a fresh engine.
    private func build(
        _ repository: ExampleRepository, buildID: String = "b1", force: Bool = true, state: TemporaryFolder = TemporaryFolder()
    ) async throws -> Built {
        let engine = try await Engine(state: StateFolder(state.path("engine")))
        let events = EventLog()
        let session = try await repository.session(engine: engine, buildID: buildID, observer: events)
        let status = try await BuildPipeline(session: session, force: force).run()
        return Built(status: status, events: events, session: session, engine: engine)
    }

    @Test func theRExamplePassesEndToEnd() async throws {
        let repository = try await ExampleRepository("r-model")
        let state = TemporaryFolder()
        let built = try await build(repository, state: state)
        #expect(built.status == .passed, "\(built.events.text)")

        let report = try JUnitParser().parse(contentsOf: repository.url.appendingPathComponent("kiln-results/junit.xml"))
        #expect(report.counts.tests == 6)
        #expect(report.counts.failed == 0)

        // The build's folders are gone afterwards, but for its manifest and results: its history.
        let databricks = built.engine.databricks
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await databricks.workspace.status(built.session.context.workspaceDir) }
        let storageDir = built.session.context.storageDir.replacingOccurrences(of: "dbfs:", with: "")
        #expect(Set(try await databricks.dbfs.list(storageDir).map(\.path)) == ["\(storageDir)/build.json", "\(storageDir)/results.json"])
        let history = try #require(try await BuildHistory(session: built.session).builds(withResults: true).first)
        #expect(history.state == "passed")
        #expect(history.results?.counts == report.counts)

        // One job, its run tagged with the repository, build and commit.
        let jobs = try await databricks.jobs.list(JobsListQuery(name: "build-\(built.session.context.repo)")).jobs ?? []
        #expect(jobs.count == 1)
        let job = try await databricks.jobs.get(jobId: try #require(jobs.first?.jobId))
        #expect(job.settings.tags?["kiln_build_id"] == "b1")
        let run = try #require(try await databricks.jobs.listRuns(RunsListQuery(jobId: job.jobId)).runs?.first)
        let parameters = Dictionary(uniqueKeysWithValues: (run.jobParameters ?? []).map { ($0.name, $0.value ?? "") })
        #expect(parameters["kiln_build_id"] == "b1")
        #expect(parameters["kiln_repo"] == built.session.context.repo)
        #expect(parameters["kiln_commit"] == built.session.context.commit)
        #expect(run.state.resultState == .success)
    }

    @Test func thePythonExamplePassesWithPytest() async throws {
        let repository = try await ExampleRepository("python-model")
        let built = try await build(repository)
        #expect(built.status == .passed, "\(built.events.text)")
        let report = try JUnitParser().parse(contentsOf: repository.url.appendingPathComponent("kiln-results/junit.xml"))
        #expect(report.counts.tests == 6)
    }

    @Test func aFailingExpectationFailsTheBuildWithOne() async throws {
        let repository = try await ExampleRepository("r-model")
        try repository.write(
            "tests/testthat/test-regression.R",
            """
            test_that("the model predicts the Valiant within half a mile per gallon", {
              expect_lt(abs(predict_mpg(model, test_data[4, ]) - test_data$mpg[4]), 0.5)
            })
            """)
        let built = try await build(repository)
        #expect(built.status == .testsFailed)
        let report = try JUnitParser().parse(contentsOf: repository.url.appendingPathComponent("kiln-results/junit.xml"))
        #expect(report.failedCases.map(\.name).contains { $0.contains("Valiant") })
        #expect(built.events.text.contains("1 of 7 tests failed"))
    }

    @Test func anRErrorInTheNotebookFailsTheBuildWithTwo() async throws {
        let repository = try await ExampleRepository("r-model")
        let notebook = repository.url.appendingPathComponent("databricks/inference.R")
        try (try String(contentsOf: notebook, encoding: .utf8) + "\nstop(\"the feature store is unreachable\")\n").write(
            to: notebook, atomically: true, encoding: .utf8)
        let built = try await build(repository)
        #expect(built.status == .runFailed)
        #expect(built.events.text.contains("the feature store is unreachable"))
        // The tail of the run's output is shown too: R's own report of the error.
        #expect(built.events.text.contains("the run's output, last lines:"))
        let report = try JUnitParser().parse(contentsOf: repository.url.appendingPathComponent("kiln-results/junit.xml"))
        #expect(report.failedCases.first?.name == "run")
        #expect(report.failedCases.first?.outcome.failure?.message.contains("the feature store is unreachable") == true)
    }

    @Test func aRunPastTheTimeoutIsCancelledAndFailsWithTwo() async throws {
        let repository = try await ExampleRepository("r-model")
        let config = repository.url.appendingPathComponent("kiln.yml")
        try (try String(contentsOf: config, encoding: .utf8)).replacingOccurrences(of: "timeout: 20m", with: "timeout: 2s")
            .write(to: config, atomically: true, encoding: .utf8)
        try repository.write("databricks/run_tests.R", "# Databricks notebook source\nSys.sleep(300)\n")
        let built = try await build(repository)
        #expect(built.status == .runFailed)
        let runs = try await built.engine.databricks.jobs.listRuns(RunsListQuery()).runs ?? []
        #expect(runs.count == 1)
        #expect(runs.first.map { $0.state.lifeCycleState.isTerminal } == true, "the run is not left running")
        #expect([ResultState.canceled, .timedOut].contains(runs.first?.state.resultState))
    }

    @Test func retentionDeletesOldFinishedBuildsButNeverOneInProgress() async throws {
        let repository = try await ExampleRepository("r-model")
        let config = repository.url.appendingPathComponent("kiln.yml")
        try (try String(contentsOf: config, encoding: .utf8))
            .replacingOccurrences(of: "keep: on_failure", with: "keep: always")
            .replacingOccurrences(of: "{ keep_last: 5, max_age_days: 14 }", with: "{ keep_last: 2, max_age_days: 0 }")
            .write(to: config, atomically: true, encoding: .utf8)
        let state = TemporaryFolder()
        let engine = try await Engine(state: StateFolder(state.path("engine")))
        // A build another agent is running right now: staged, manifest says running.
        try await engine.databricks.workspace.mkdirs("/Shared/build/r-model/in-progress")
        let running =
            #"{"build_id": "in-progress", "repo": "r-model", "state": "running", "started_at": "\#(ISO8601DateFormatter().string(from: Date()))", "triggered_by": "x", "target": "local", "workspace_dir": "", "storage_dir": ""}"#
        try await engine.databricks.dbfs.put(DBFSPut(path: "/kiln/build/r-model/in-progress/build.json", contents: Data(running.utf8)))
        for build in ["b1", "b2", "b3"] {
            let session = try await repository.session(engine: engine, buildID: build)
            #expect(try await BuildPipeline(session: session, force: true).run() == .passed)
        }
        let left = Set(try await engine.databricks.workspace.list("/Shared/build/r-model").map(\.path))
        #expect(left == ["/Shared/build/r-model/b2", "/Shared/build/r-model/b3", "/Shared/build/r-model/in-progress"])
        #expect(
            Set(try await engine.databricks.dbfs.list("/kiln/build/r-model").map(\.path))
                == ["/kiln/build/r-model/b2", "/kiln/build/r-model/b3", "/kiln/build/r-model/in-progress"])
    }

    @Test func aChangeOutsideThePathsSkipsTheBuild() async throws {
        let repository = try await ExampleRepository("r-model")
        try await repository.repository.git("checkout", "-q", "-b", "docs-only")
        try repository.write("docs/README.md", "How the model works.\n")
        try await repository.repository.commitAll("Document the model")
        let built = try await build(repository, force: false)
        #expect(built.status == .passed)
        #expect(built.events.text.contains("no build needed"))
        #expect(try await built.engine.databricks.workspace.list("/Shared").isEmpty, "nothing staged")
        #expect(try await built.engine.databricks.jobs.list(JobsListQuery()).jobs == nil)
    }

    @Test func aChangeUnderModelsBuilds() async throws {
        let repository = try await ExampleRepository("r-model")
        try await repository.repository.git("checkout", "-q", "-b", "retrain")
        try repository.write("models/NOTES.md", "Retrained on the 2026 data.\n")
        try await repository.repository.commitAll("Retrain")
        let built = try await build(repository, force: false)
        #expect(built.status == .passed, "\(built.events.text)")
        #expect(built.events.text.contains("models/NOTES.md") || built.events.text.contains("1 file(s) under"))
    }
}
