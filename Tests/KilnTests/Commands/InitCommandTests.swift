import Foundation
import KilnReports
import Testing

/// `kiln init` on repositories it has never seen, as a new user runs it: the binary, no terminal,
/// then `kiln build --force` on the embedded engine with exactly the files it wrote — the right
/// test counts, exit 1 when a test fails and 0 once it is fixed, no generated file edited.
@Suite("kiln init", .timeLimit(.minutes(3)))
struct InitCommandTests {
    /// A repository of `files` in a git repository on `main`.
    private func repository(_ files: [String: String]) async throws -> TestRepository {
        let repository = try TestRepository(files: files)
        try await repository.initGit()
        return repository
    }

    /// The engine's Python is the one with pytest (`make test` sets KILN_PYTHON to its venv).
    private var environment: [String: String] {
        var environment = TestRepository.environment
        for name in ["KILN_PYTHON", "KILN_RSCRIPT"] { environment[name] = ProcessInfo.processInfo.environment[name] }
        return environment
    }

    private func kiln(_ arguments: [String], in repository: TestRepository) async throws -> ProcessResult {
        try await runProcess(KilnBinary.url, arguments, environment: environment, directory: repository.url)
    }

    /// Builds and returns the exit status with the merged results (nil when none were written).
    private func build(_ repository: TestRepository) async throws -> (ProcessResult, TestReport?) {
        let result = try await kiln(["build", "--force"], in: repository)
        let merged = repository.url.appendingPathComponent("kiln-results/junit.xml")
        let report = FileManager.default.fileExists(atPath: merged.path) ? try JUnitParser().parse(contentsOf: merged) : nil
        return (result, report)
    }

    // MARK: - Three layouts

    /// R: notebooks in `notebooks/`, functions in `R/`, testthat under `tests/testthat`, a model
    /// saved by R and data; the tests find them by paths relative to their folder.
    @Test func anRRepositoryWithNotebooksOutsideDatabricks() async throws {
        let repository = try await repository([
            "notebooks/score.R": "# Databricks notebook source\nscores <- function(model, cars) predict(model, newdata = cars)\n",
            "R/fuel.R": "predict_mpg <- function(model, cars) as.numeric(predict(model, newdata = cars))\n",
            "data/cars.csv": "wt,hp\n2.6,110\n3.2,150\n1.8,66\n",
            "tests/testthat/test-fuel.R": """
            model <- readRDS(test_path("..", "..", "models", "fuel.rds"))
            cars <- read.csv(test_path("..", "..", "data", "cars.csv"))

            test_that("the model is linear in weight", {
              expect_s3_class(model, "lm")
              expect_equal(attr(terms(model), "term.labels"), "wt")
            })

            test_that("predictions are plausible", {
              expect_true(all(predict_mpg(model, cars) > 5))
            })

            """,
        ])
        let save = try await runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["Rscript", "-e", "dir.create('models'); saveRDS(lm(mpg ~ wt, mtcars), 'models/fuel.rds')"],
            environment: environment, directory: repository.url)
        try #require(save.status == 0, "\(save.stderr)")
        try await repository.commitAll("The model")

        let initialized = try await kiln(["init", "--ci", "azure,github"], in: repository)
        #expect(initialized.status == 0, "\(initialized.stdout)\n\(initialized.stderr)")
        for line in [
            "found notebooks: notebooks/ (1 notebook: R)", "found tests: tests/testthat/ with testthat, run by notebooks/run_tests.R (new)",
            "found model: models/fuel.rds", "found data: data/cars.csv", "wrote kiln.yml", "wrote notebooks/job-template.json",
            "wrote notebooks/run_tests.R", "wrote azure-pipelines.yml", "wrote .github/workflows/kiln.yml",
            "the cluster the tests run on: DATABRICKS_CLUSTER_ID",
        ] {
            #expect(initialized.stdout.contains(line), "missing '\(line)' in:\n\(initialized.stdout)")
        }
        let config = try String(contentsOf: repository.url.appendingPathComponent("kiln.yml"), encoding: .utf8)
        #expect(config.contains(#"artifacts: ["R/**", "data/**", "models/**", "tests/**"]"#), "\(config)")

        try await expectVerdicts(
            repository, tests: 3, failingFile: "tests/testthat/test-broken.R",
            failing: "test_that(\"a broken expectation\", expect_equal(1 + 1, 3))\n",
            fixed: "test_that(\"a broken expectation\", expect_equal(1 + 1, 2))\n",
            failureName: "a_broken_expectation")
    }

    /// Python: a `src/` package, pytest under `tests/` configured by `pyproject.toml`, a model and data.
    @Test func aPythonRepositoryWithPytest() async throws {
        let repository = try await repository([
            "notebooks/train.py": "# Databricks notebook source\nprint('training')\n",
            "src/pricing/__init__.py": "",
            "src/pricing/model.py": "def predict(coefficients, size):\n    return coefficients['base'] + coefficients['per_m2'] * size\n",
            "models/coefficients.json": #"{"base": 50000, "per_m2": 3000}"#,
            "data/homes.csv": "size,price\n50,200000\n80,290000\n120,410000\n",
            "pyproject.toml": "[tool.pytest.ini_options]\npythonpath = [\"src\"]\n",
            "tests/test_pricing.py": """
            import csv
            import json
            import pathlib

            from pricing.model import predict

            ROOT = pathlib.Path(__file__).resolve().parents[1]
            COEFFICIENTS = json.loads((ROOT / "models" / "coefficients.json").read_text())


            def test_a_bigger_home_costs_more():
                assert predict(COEFFICIENTS, 100) > predict(COEFFICIENTS, 50)


            def test_predictions_are_within_ten_percent():
                with open(ROOT / "data" / "homes.csv", newline="") as source:
                    for row in csv.DictReader(source):
                        assert abs(predict(COEFFICIENTS, float(row["size"])) - float(row["price"])) < 0.1 * float(row["price"])


            def test_the_base_price_is_positive():
                assert COEFFICIENTS["base"] > 0

            """,
        ])
        let initialized = try await kiln(["init", "--ci", "github"], in: repository)
        #expect(initialized.status == 0, "\(initialized.stdout)\n\(initialized.stderr)")
        #expect(
            initialized.stdout.contains("found tests: tests/ with pytest, run by notebooks/run_tests.py (new)"), "\(initialized.stdout)")
        #expect(!FileManager.default.fileExists(atPath: repository.url.appendingPathComponent("azure-pipelines.yml").path))

        try await expectVerdicts(
            repository, tests: 3, failingFile: "tests/test_broken.py",
            failing: "def test_a_broken_assertion():\n    assert 1 + 1 == 3\n",
            fixed: "def test_a_broken_assertion():\n    assert 1 + 1 == 2\n", failureName: "test_a_broken_assertion")
    }

    /// R and Python notebooks side by side, a testthat and a pytest suite: a job of two tasks, one
    /// runner each, their results merged.
    @Test func aRepositoryMixingRAndPython() async throws {
        let repository = try await repository([
            "jobs/etl.py": "# Databricks notebook source\nprint('extract')\n",
            "jobs/report.R": "# Databricks notebook source\ncat('report')\n",
            "R/report.R": "total_sales <- function(sales) sum(sales$amount)\n",
            "src/etl/__init__.py": "def clean(rows):\n    return [row for row in rows if row['amount'] >= 0]\n",
            "data/sales.csv": "region,amount\nnorth,10\nsouth,-1\neast,5\n",
            "tests/testthat/test-report.R": """
            sales <- read.csv(test_path("..", "..", "data", "sales.csv"))
            test_that("the total adds every sale", expect_equal(total_sales(sales), 14))

            """,
            "tests/python/test_etl.py": """
            import csv
            import pathlib

            from etl import clean

            DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "sales.csv"


            def test_clean_drops_negative_amounts():
                with open(DATA, newline="") as source:
                    rows = [{"region": row["region"], "amount": float(row["amount"])} for row in csv.DictReader(source)]
                assert [row["region"] for row in clean(rows)] == ["north", "east"]


            def test_clean_keeps_an_empty_list_empty():
                assert clean([]) == []

            """,
        ])
        let initialized = try await kiln(["init"], in: repository)
        #expect(initialized.status == 0, "\(initialized.stdout)\n\(initialized.stderr)")
        for line in [
            "found notebooks: jobs/ (2 notebooks: PYTHON, R)", "run by jobs/run_testthat.R (new)", "run by jobs/run_pytest.py (new)",
            "wrote jobs/job-template.json",
        ] {
            #expect(initialized.stdout.contains(line), "missing '\(line)' in:\n\(initialized.stdout)")
        }
        try await expectVerdicts(
            repository, tests: 3, failingFile: "tests/python/test_more.py",
            failing: "def test_a_broken_assertion():\n    assert [] == [1]\n",
            fixed: "def test_a_broken_assertion():\n    assert [] == []\n", failureName: "test_a_broken_assertion")
    }

    /// Builds as written: `tests` pass; with `failingFile` written as `failing`, exit 1 naming
    /// `failureName`; with it `fixed`, exit 0 with one more test. Never a generated file edited.
    private func expectVerdicts(
        _ repository: TestRepository, tests: Int, failingFile: String, failing: String, fixed: String, failureName: String
    ) async throws {
        let (passed, report) = try await build(repository)
        #expect(passed.status == 0, "\(passed.stdout)\n\(passed.stderr)")
        #expect(report?.counts.tests == tests, "\(passed.stdout)")
        #expect(report?.counts.failures == 0)

        try repository.write(failingFile, failing)
        let (failed, failedReport) = try await build(repository)
        #expect(failed.status == 1, "\(failed.stdout)\n\(failed.stderr)")
        #expect(failedReport?.counts.tests == tests + 1)
        #expect(failedReport?.failedCases.map(\.name).contains { $0.contains(failureName) } == true, "\(failed.stdout)")
        #expect(failed.stdout.contains(failureName), "\(failed.stdout)")

        try repository.write(failingFile, fixed)
        let (fixedBuild, fixedReport) = try await build(repository)
        #expect(fixedBuild.status == 0, "\(fixedBuild.stdout)\n\(fixedBuild.stderr)")
        #expect(fixedReport?.counts.tests == tests + 1)
    }

    // MARK: - An example's own runner

    /// The walkthrough's case: examples/r-model without its kiln.yml. Its runner and job template
    /// are used as they are, the runner's widgets filled in from their names.
    @Test func aRepositoryWithItsOwnRunnerAndTemplateKeepsThem() async throws {
        let example = try await ExampleRepository("r-model")
        try FileManager.default.removeItem(at: example.url.appendingPathComponent("kiln.yml"))
        let repository = example.repository
        let initialized = try await kiln(["init"], in: repository)
        #expect(initialized.status == 0, "\(initialized.stdout)\n\(initialized.stderr)")
        #expect(initialized.stdout.contains("run by databricks/run_tests.R\n"), "\(initialized.stdout)")
        #expect(initialized.stdout.contains("found job template: databricks/job-template.json\n"))
        #expect(!initialized.stdout.contains("wrote databricks/"), "the example's own files are kept")
        let config = try String(contentsOf: repository.url.appendingPathComponent("kiln.yml"), encoding: .utf8)
        for line in [
            #"model_path: "{{build.storage_dir}}/models/model.rds""#, #"tests_path: "{{build.storage_dir}}/tests/testthat""#,
            #"data_test_path: "{{build.storage_dir}}/data/test.csv""#, #"build_number: "{{build.id}}""#,
        ] {
            #expect(config.contains(line), "missing '\(line)' in:\n\(config)")
        }
        let (result, report) = try await build(repository)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(report?.counts.tests == 6)
    }

    // MARK: - Refusals

    @Test func anExistingFileIsNeverReplacedWithoutForce() async throws {
        let repository = try await repository([
            "databricks/run.R": "# Databricks notebook source\n1\n", "tests/testthat/test-a.R": "test_that('a', expect_true(TRUE))\n",
            "kiln.yml": "# mine\n",
        ])
        let refused = try await kiln(["init", "--ci", "github"], in: repository)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("kiln.yml exists: nothing was written. Run kiln init --force"), "\(refused.stderr)")
        #expect(try String(contentsOf: repository.url.appendingPathComponent("kiln.yml"), encoding: .utf8) == "# mine\n")
        for path in [".github/workflows/kiln.yml", "databricks/run_tests.R", ".gitignore"] {
            #expect(!FileManager.default.fileExists(atPath: repository.url.appendingPathComponent(path).path), "\(path)")
        }

        let forced = try await kiln(["init", "--force"], in: repository)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("replaced kiln.yml"))
    }

    @Test(arguments: [
        (["--tests", "nowhere"], "--tests nowhere: no such folder in this repository"),
        (["--tests", "databricks"], "--tests databricks: found no tests there"),
        (["--notebooks", "../elsewhere"], "--notebooks ../elsewhere is outside the repository"),
        (["--ci", "jenkins"], "--ci jenkins: unknown CI; write azure, github, or both as azure,github"),
        (["--storage-root", "s3://bucket"], "--storage-root s3://bucket: write dbfs:/<folder> or /Volumes/"),
    ])
    func aWrongFlagExitsThreeNamingIt(arguments: [String], message: String) async throws {
        let repository = try await repository([
            "databricks/run.R": "# Databricks notebook source\n1\n", "tests/testthat/test-a.R": "test_that('a', expect_true(TRUE))\n",
        ])
        let result = try await kiln(["init"] + arguments, in: repository)
        #expect(result.status == 3)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repository.url.appendingPathComponent("kiln.yml").path))
    }

    @Test func aRepositoryWithoutTestsIsToldWhatKilnLooksFor() async throws {
        let repository = try await repository(["databricks/run.py": "# Databricks notebook source\nprint(1)\n"])
        let result = try await kiln(["init"], in: repository)
        #expect(result.status == 3)
        #expect(
            result.stderr.contains("found no tests to run: testthat files (tests/testthat/test-*.R) or pytest files"), "\(result.stderr)")
    }

    /// On a terminal (a real pseudo-terminal, from util-linux's `script`), the choices no flag made
    /// are asked, the found value the default: Enter keeps it, an answer replaces it.
    @Test func onATerminalItAsksWhatNoFlagSaid() async throws {
        let repository = try await repository([
            "nb/a.R": "# Databricks notebook source\n1\n", "tests/testthat/test-a.R": "test_that('a', expect_true(TRUE))\n",
        ])
        let answers = repository.url.appendingPathComponent("answers")
        try Data("\n/Volumes/main/ci/kiln/build\ngithub\n".utf8).write(to: answers)
        let result = try await runProcess(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "script -qec '\(KilnBinary.url.path) init' /dev/null < answers"],
            environment: environment, directory: repository.url)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for question in [
            "Notebooks folder [nb]: ", "Storage root (dbfs:/… or /Volumes/<catalog>/<schema>/<volume>/…) [dbfs:/kiln/build]: ",
        ] {
            #expect(result.stdout.contains(question), "\(result.stdout)")
        }
        let config = try String(contentsOf: repository.url.appendingPathComponent("kiln.yml"), encoding: .utf8)
        #expect(config.contains(#"storage_root: "/Volumes/main/ci/kiln/build""#))
        #expect(config.contains(#"notebooks: "nb""#))
        #expect(FileManager.default.fileExists(atPath: repository.url.appendingPathComponent(".github/workflows/kiln.yml").path))
        #expect(!FileManager.default.fileExists(atPath: repository.url.appendingPathComponent("azure-pipelines.yml").path))
    }

    // MARK: - The CI files

    /// The GitHub workflow passes actionlint; the Azure pipeline validates against the Azure
    /// Pipelines schema (both from PyPI, in the test venv).
    @Test func theCIFilesPassTheirLinters() async throws {
        let repository = try await repository([
            "notebooks/a.py": "# Databricks notebook source\n1\n", "tests/test_a.py": "def test_a():\n    pass\n",
            "models/m.pkl": "model",
        ])
        let initialized = try await kiln(["init", "--ci", "azure,github", "--cluster-var", "CI_CLUSTER"], in: repository)
        #expect(initialized.status == 0, "\(initialized.stderr)")

        let workflow = repository.url.appendingPathComponent(".github/workflows/kiln.yml")
        let actionlint = try await runProcess(try PeerTools.tool("actionlint"), ["-no-color", workflow.path], directory: repository.url)
        #expect(actionlint.status == 0, "\(actionlint.stdout)\(actionlint.stderr)")
        let text = try String(contentsOf: workflow, encoding: .utf8)
        for line in ["id-token: write", "- \"models/**\"", "CI_CLUSTER: ${{ vars.CI_CLUSTER }}", "run: kiln build --target workspace"] {
            #expect(text.contains(line), "missing '\(line)' in:\n\(text)")
        }

        let pipeline = repository.url.appendingPathComponent("azure-pipelines.yml")
        let schema = try await runProcess(
            try PeerTools.tool("check-jsonschema"),
            ["--regex-variant", "python", "--builtin-schema", "vendor.azure-pipelines", pipeline.path],
            directory: repository.url)
        #expect(schema.status == 0, "\(schema.stdout)\(schema.stderr)")
        let azure = try String(contentsOf: pipeline, encoding: .utf8)
        for line in [
            "task: AzureCLI@2", "azureSubscription: kiln-databricks", "DATABRICKS_AUTH_TYPE: azure-cli", "- group: kiln-databricks",
            "- \"models\"",
        ] {
            #expect(azure.contains(line), "missing '\(line)' in:\n\(azure)")
        }
    }
}
