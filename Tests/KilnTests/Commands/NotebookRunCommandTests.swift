import Foundation
import KilnReports
import Testing

/// `kiln notebook run`, the real binary on the R example and on small notebooks.
@Suite("kiln notebook run", .timeLimit(.minutes(2)))
struct NotebookRunCommandTests {
    @Test func theRExampleRunsItsTestsAndPrintsTheExitValue() async throws {
        let folder = TemporaryFolder()
        let example = Examples.folder("r-model")
        let result = try await runProcess(
            KilnBinary.url,
            [
                "notebook", "run", "databricks/run_tests.R", "--state", folder.path("state").path,
                "--param", "model_path=\(example.path)/models/model.rds",
                "--param", "tests_path=\(example.path)/tests/testthat",
                "--param", "data_test_path=\(example.path)/data/test.csv",
                "--param", "results_path=dbfs:/demo/junit.xml",
            ], directory: example)
        #expect(result.status == 0, "\(result.stderr)")
        // The notebook's own output is streamed, then the exit value is printed.
        #expect(result.stdout.contains("Testing build local"))
        #expect(result.stdout.hasSuffix("6 expectations, 0 failed\n"))
        let report = try JUnitParser().parse(contentsOf: folder.path("state/dbfs/demo/junit.xml"))
        #expect(report.counts.tests == 6)
    }

    @Test func aFailingNotebookExitsTwoWithItsError() async throws {
        let folder = TemporaryFolder()
        let notebook = try folder.write("nb/fail.py", "# Databricks notebook source\nraise ValueError('the model drifted')\n")
        let result = try await runProcess(KilnBinary.url, ["notebook", "run", notebook.path, "--state", folder.path("state").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("FAILED: ValueError: the model drifted"))
    }

    @Test func runsResolveAgainstTheFilesBesideTheNotebook() async throws {
        let folder = TemporaryFolder()
        try folder.write("repo/lib/helpers.py", "# Databricks notebook source\ndef greet(who):\n    return 'hello ' + who\n")
        let notebook = try folder.write(
            "repo/jobs/main.py",
            """
            # Databricks notebook source
            # MAGIC %run ../lib/helpers

            # COMMAND ----------

            dbutils.notebook.exit(greet(dbutils.widgets.get("who")))
            """)
        let result = try await runProcess(
            KilnBinary.url, ["notebook", "run", notebook.path, "--param", "who=kiln", "--state", folder.path("state").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "hello kiln\n")
    }

    @Test func notebooksDoNotSeeKilnsCredentials() async throws {
        let folder = TemporaryFolder()
        let notebook = try folder.write(
            "nb/env.py",
            "# Databricks notebook source\nimport os\nprint(sorted(k for k in os.environ if 'TOKEN' in k or 'SECRET' in k or k.startswith('DATABRICKS')))\n"
        )
        var environment = ProcessInfo.processInfo.environment
        environment["DATABRICKS_TOKEN"] = "dapi-not-for-notebooks"
        environment["DATABRICKS_CLIENT_SECRET"] = "also-not"
        environment["KILN_SERVE_TOKEN"] = "nor-this"
        let result = try await runProcess(
            KilnBinary.url, ["notebook", "run", notebook.path, "--state", folder.path("state").path], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("[]"), "\(result.stdout)")
    }

    @Test(arguments: [
        ["notebook", "run", "/nonexistent/nb.py"], ["notebook", "run", "x.txt"], ["notebook", "run", "nb.py", "--param", "novalue"],
    ])
    func badUsageExitsThreeWithAMessage(arguments: [String]) async throws {
        let folder = TemporaryFolder()
        try folder.write("nb.py", "print(1)\n")
        try folder.write("x.txt", "print(1)\n")
        let result = try await runProcess(KilnBinary.url, arguments + ["--state", folder.path("state").path], directory: folder.url)
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }
}
