import Foundation
import Testing

@testable import KilnPipeline

/// What `kiln init` decides from a repository's files, without running anything.
@Suite("kiln init's plan")
struct InitPlanTests {
    private func plan(_ files: [String: String], options: InitOptions = InitOptions()) throws -> (InitPlan, TestRepository) {
        let repository = try TestRepository(files: files)
        let scan = try RepositoryScan.scan(repository.url)
        let facts = RepositoryFacts(name: "model", defaultBranch: "main")
        return (try InitPlan.make(scan: scan, options: options, repository: facts, root: repository.url), repository)
    }

    private func text(_ plan: InitPlan, _ path: String) throws -> String {
        try #require(plan.files.first { $0.path == path }?.text, "\(plan.files.map(\.path))")
    }

    @Test(arguments: [
        ("model_path", "{{build.storage_dir}}/models/price.rds"),
        ("data_train_path", "{{build.storage_dir}}/data/train.csv"),
        ("data_test_path", "{{build.storage_dir}}/data/test.csv"),
        ("tests_path", "{{build.storage_dir}}/tests/testthat"),
        ("results_path", "{{build.storage_dir}}/results/testthat.xml"),
        ("junit_output", "{{build.storage_dir}}/results/testthat.xml"),
        ("build_number", "{{build.id}}"),
        ("repo_name", "{{repo.name}}"),
        ("git_commit", "{{git.commit}}"),
        ("notebook_path", "{{build.notebook_path}}"),
        ("storage_dir", "{{build.storage_dir}}"),
    ])
    func aRunnersWidgetIsFilledInFromItsName(widget: String, value: String) throws {
        var scan = RepositoryScan()
        scan.models = ["models/price.rds"]
        scan.data = ["data/test.csv", "data/train.csv"]
        let guess = WidgetValueGuess(scan: scan, testsFolder: "tests/testthat", resultsFile: "results/testthat.xml")
        #expect(guess.value(for: widget) == value)
    }

    @Test func aWidgetWhoseNameSaysNothingIsLeftForTheUserToSet() throws {
        let (plan, _) = try plan([
            "databricks/run_tests.R": "# Databricks notebook source\ndbutils.widgets.text(\"threshold\", \"\")\ntest_dir(\"x\")\n",
            "tests/testthat/test-a.R": "test_that('a', expect_true(TRUE))\n",
        ])
        #expect(try text(plan, "kiln.yml").contains(#"    threshold: ""   # set this: databricks/run_tests.R reads it"#))
        #expect(plan.toDo.first?.contains("set job.parameters.threshold in kiln.yml") == true, "\(plan.toDo)")
    }

    /// pytest files at the root are staged by pytest's own patterns; the suite runs from the root.
    @Test func testsAtTheRootAreStagedByPattern() throws {
        let (plan, _) = try plan([
            "notebooks/a.py": "# Databricks notebook source\n1\n", "test_model.py": "def test_a():\n    pass\n",
            "model.py": "x = 1\n", "conftest.py": "",
        ])
        let config = try text(plan, "kiln.yml")
        #expect(config.contains(#"artifacts: ["*_test.py", "conftest.py", "model.py", "test_*.py"]"#), "\(config)")
        #expect(config.contains(#"pytest_dir: "{{build.storage_dir}}""#))
    }

    /// Notebooks in several folders with nothing in common but the root: the folder with most of
    /// them, never the root (which would import every script).
    @Test func scatteredNotebooksGiveTheFolderWithMostOfThem() throws {
        let (plan, _) = try plan([
            "etl/a.py": "# Databricks notebook source\n1\n", "etl/b.py": "# Databricks notebook source\n1\n",
            "score/c.py": "# Databricks notebook source\n1\n", "tests/test_a.py": "def test_a():\n    pass\n",
            "etl/helper.py": "not a notebook\n",
        ])
        #expect(plan.notebooks == "etl")
    }

    /// Whatever the folder and file names, the `kiln.yml` written reads back with the loader.
    @Test func theKilnYmlWrittenLoads() throws {
        let (plan, repository) = try plan(
            [
                "note books/\"quoted\".py": "# Databricks notebook source\n1\n", "my tests/test_a.py": "def test_a():\n    pass\n",
                "data #1/x.csv": "a\n1\n",
            ], options: InitOptions(storageRoot: "/Volumes/main/ci/kiln/build", clusterVariable: "MY_CLUSTER"))
        try InitWriter(root: repository.url, force: false).write(plan)
        let config = try repository.loadConfig()
        #expect(config.notebooks.relativePath == "note books")
        #expect(config.artifacts.map(\.pattern) == ["data #1/**", "my tests/**"])
        #expect(config.job.notebook == "run_tests")
        #expect(config.storageRoot == "/Volumes/main/ci/kiln/build")
        #expect(config.variables["cluster_id"] != nil)
        #expect(try text(plan, "kiln.yml").contains(#"cluster_id: "${MY_CLUSTER:-0000-000000-kilnlocal}""#))
    }
}
