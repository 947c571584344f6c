import Foundation
import KilnAPI
import KilnReports
import Testing

@testable import KilnEngine

/// The steps of `kiln build` one by one, as a pipeline that calls them separately does: each a
/// separate process, sharing the build through its id and the engine's state.
@Suite("kiln changes, stage, run, results, clean", .timeLimit(.minutes(3)))
struct StepCommandsTests {
    @Test func theStepsOneByOneMakeTheSameBuild() async throws {
        let repository = try await ExampleRepository("r-model")
        try await repository.repository.git("checkout", "-q", "-b", "feature")
        try repository.write("models/NOTES.md", "Retrained.\n")
        try await repository.repository.commitAll("Retrain")
        let state = TemporaryFolder()
        let github = TemporaryFolder()
        let outputs = github.path("output")
        var environment = TestRepository.environment
        environment["GITHUB_ACTIONS"] = "true"
        environment["GITHUB_OUTPUT"] = outputs.path
        environment["GITHUB_STEP_SUMMARY"] = github.path("summary.md").path
        environment["GITHUB_RUN_ID"] = "7001"
        environment["GITHUB_RUN_ATTEMPT"] = "1"
        environment["GITHUB_BASE_REF"] = "main"
        func kiln(_ arguments: String...) async throws -> ProcessResult {
            try await runProcess(
                KilnBinary.url, arguments + ["--state", state.path("engine").path], environment: environment, directory: repository.url)
        }

        let changes = try await kiln("changes")
        #expect(changes.status == 0, "\(changes.stderr)")
        #expect(changes.stdout.contains("1 file(s) under"))
        #expect(try String(contentsOf: outputs, encoding: .utf8) == "build_needed=true\n")

        let stage = try await kiln("stage")
        #expect(stage.status == 0, "\(stage.stderr)")
        #expect(stage.stdout.contains("staged: 2 notebooks"))

        let run = try await kiln("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("run: SUCCESS"))

        let results = try await kiln("results")
        #expect(results.status == 0, "\(results.stderr)")
        let report = try JUnitParser().parse(contentsOf: repository.url.appendingPathComponent("kiln-results/junit.xml"))
        #expect(report.counts.tests == 6)
        #expect(try String(contentsOf: github.path("summary.md"), encoding: .utf8).contains("| 6 |"))

        // The build id came from the CI, so the steps found each other's work; the verdict is recorded.
        let manifest = try Data(contentsOf: state.path("engine/dbfs/kiln/build/r-model/7001-1/build.json"))
        let fields = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        #expect(fields["build_id"] as? String == "7001-1")
        #expect(fields["state"] as? String == "passed")
        #expect(fields["run_id"] as? Int != nil)
        #expect(fields["commit"] as? String == (try await repository.repository.git("rev-parse", "HEAD")))

        let clean = try await kiln("clean")
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("clean: deleted /Shared/build/r-model/7001-1"))
        let engine = try await Engine(state: StateFolder(state.path("engine")), executor: ScriptedExecutor())
        await expectDatabricksError(.resourceDoesNotExist) {
            _ = try await engine.databricks.workspace.status("/Shared/build/r-model/7001-1")
        }
    }

    @Test func resultsWithoutARunSaySoAndExitThree() async throws {
        let repository = try await ExampleRepository("r-model")
        let state = TemporaryFolder()
        let result = try await runProcess(
            KilnBinary.url, ["results", "--build-id", "never-ran", "--state", state.path("engine").path],
            environment: TestRepository.environment, directory: repository.url)
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("no run is recorded"))
    }
}
