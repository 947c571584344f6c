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

    /// A helper deleted here is not run from an earlier import: the %run fails, naming the file.
    @Test func aDeletedHelperIsNotRunFromAnEarlierImport() async throws {
        let folder = TemporaryFolder()
        let helper = try folder.write("nb/helpers.py", "# Databricks notebook source\ndef greet():\n    return 'hello'\n")
        let notebook = try folder.write(
            "nb/main.py", "# Databricks notebook source\n# MAGIC %run ./helpers\n# COMMAND ----------\ndbutils.notebook.exit(greet())\n")
        let state = folder.path("state").path
        let first = try await runProcess(KilnBinary.url, ["notebook", "run", notebook.path, "--state", state])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasSuffix("hello\n"))

        try FileManager.default.removeItem(at: helper)
        let second = try await runProcess(KilnBinary.url, ["notebook", "run", notebook.path, "--state", state])
        #expect(second.status == 3, "\(second.stdout)\(second.stderr)")
        #expect(second.stderr.contains("%run ./helpers names"), "\(second.stderr)")
        #expect(second.stderr.contains("which does not exist here"))
    }

    /// A Jupyter notebook runs as one: imported as JUPYTER, its cells and its %run found.
    @Test func aJupyterNotebookRunsWithItsRunTargets() async throws {
        let folder = TemporaryFolder()
        try folder.write("nb/helpers.py", "# Databricks notebook source\ndef greet():\n    return 'hello from ipynb'\n")
        let cells = [
            #"{"cell_type": "code", "metadata": {}, "source": ["%run ./helpers"], "outputs": [], "execution_count": null}"#,
            #"{"cell_type": "code", "metadata": {}, "source": ["dbutils.notebook.exit(greet())"], "outputs": [], "execution_count": null}"#,
        ]
        let notebook = try folder.write(
            "nb/main.ipynb",
            #"{"cells": ["# + cells.joined(separator: ", ")
                + #"], "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}"#)
        let result = try await runProcess(KilnBinary.url, ["notebook", "run", notebook.path, "--state", folder.path("state").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("hello from ipynb\n"), "\(result.stdout)")
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
