/// The test-runner notebooks `kiln init` writes: they run a suite on the build's copy of the
/// repository (the artifacts keep their paths below `storage_dir`), so tests reach the model, the
/// data and the code by the same relative paths as in a checkout, and write JUnit XML for Kiln.
/// They depend on nothing of a particular model: the same notebook serves any repository.
enum RunnerNotebookText {
    static func text(for framework: TestFramework) -> String {
        switch framework {
        case .testthat: testthat
        case .pytest: pytest
        }
    }

    private static let testthat = """
        # Databricks notebook source
        # MAGIC %md
        # MAGIC # Tests
        # MAGIC Runs the testthat suite on this build's copy of the repository and writes JUnit XML for Kiln (written by `kiln init`).
        # MAGIC The tests see the functions of the repository's `R/` folder, as `devtools::load_all()` gives them, and reach
        # MAGIC other files by paths relative to their own folder, as in a checkout.

        # COMMAND ----------

        dbutils.widgets.text("storage_dir", "")
        dbutils.widgets.text("testthat_dir", "")
        dbutils.widgets.text("testthat_results", "")
        dbutils.widgets.text("build_number", "local")

        # COMMAND ----------

        library(testthat)

        # Storage paths arrive as dbfs:/…; R reads them through the cluster's /dbfs mount (volumes as they are).
        local_path <- function(path) sub("^dbfs:/", "/dbfs/", path)

        root <- local_path(dbutils.widgets.get("storage_dir"))
        results_path <- local_path(dbutils.widgets.get("testthat_results"))
        dir.create(dirname(results_path), recursive = TRUE, showWarnings = FALSE)

        test_env <- new.env(parent = globalenv())
        for (source_file in list.files(file.path(root, "R"), pattern = "[.][Rr]$", full.names = TRUE)) {
          sys.source(source_file, envir = test_env)
        }

        cat("Testing build", dbutils.widgets.get("build_number"), "\\n")
        results <- as.data.frame(test_dir(
          local_path(dbutils.widgets.get("testthat_dir")),
          env = test_env,
          reporter = MultiReporter$new(list(SummaryReporter$new(show_praise = FALSE), JunitReporter$new(file = results_path))),
          stop_on_failure = FALSE
        ))

        # COMMAND ----------

        dbutils.notebook.exit(sprintf("%d expectations, %d failed", sum(results$nb), sum(results$failed)))

        """

    private static let pytest = """
        # Databricks notebook source
        # MAGIC %md
        # MAGIC # Tests
        # MAGIC Runs the pytest suite on this build's copy of the repository and writes JUnit XML for Kiln (written by `kiln init`).
        # MAGIC The tests import the repository's modules as in a checkout: from its root, and from `src/` when there is one;
        # MAGIC its `pyproject.toml`, `pytest.ini` or `setup.cfg` configure pytest as they do there.

        # COMMAND ----------

        dbutils.widgets.text("storage_dir", "")
        dbutils.widgets.text("pytest_dir", "")
        dbutils.widgets.text("pytest_results", "")
        dbutils.widgets.text("build_number", "local")

        # COMMAND ----------

        import os
        import sys

        import pytest


        def local_path(path):
            \"\"\"Storage paths arrive as dbfs:/…; Python reads them through the cluster's /dbfs mount (volumes as they are).\"\"\"
            return "/dbfs/" + path[len("dbfs:/"):] if path.startswith("dbfs:/") else path


        root = local_path(dbutils.widgets.get("storage_dir"))
        results_path = local_path(dbutils.widgets.get("pytest_results"))
        os.makedirs(os.path.dirname(results_path), exist_ok=True)
        sys.path[:0] = [root, os.path.join(root, "src")]
        # Nothing is written into the build's storage but the results (no bytecode, no cache).
        sys.dont_write_bytecode = True
        os.chdir(root)

        print("Testing build", dbutils.widgets.get("build_number"))
        exit_code = pytest.main([
            local_path(dbutils.widgets.get("pytest_dir")), "--rootdir", root, "-p", "no:cacheprovider", f"--junitxml={results_path}"
        ])
        # 0: all passed; 1: some failed, which Kiln reads from the JUnit file. Anything else: the suite did not run.
        if exit_code not in (0, 1):
            raise RuntimeError(f"pytest could not run the tests (exit code {int(exit_code)}): see its output above")

        # COMMAND ----------

        dbutils.notebook.exit(f"pytest exit code {int(exit_code)}")

        """
}
