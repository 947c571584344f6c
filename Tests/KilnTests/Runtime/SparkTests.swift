import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// Spark for Python and SQL notebooks, for real: Apache Spark in local mode (pyspark from the
/// test venv, Java 17), one session per run, started only when a notebook uses it.
/// The suite's tests run one at a time: each starts a JVM, and on a 2-core machine several at
/// once starve the suites that measure leases and timeouts.
@Suite("Spark in Python and SQL notebooks", .serialized, .timeLimit(.minutes(4)))
struct SparkTests {
    private func log(_ runtime: RuntimeFixture, _ run: Run) throws -> String {
        let folder = runtime.engine.state.taskFolder(jobRunId: run.runId, taskKey: "notebook")
        return (try? String(contentsOf: folder.appendingPathComponent("logs"), encoding: .utf8)) ?? ""
    }

    @Test func aPythonNotebookUsesDataFramesDisplayAndSQLCellsInOneSession() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook(
            "/Shared/sales",
            """
            # Databricks notebook source
            df = spark.createDataFrame([(1, "north", 10.0), (2, "south", 4.5), (3, "north", 2.5)], ["id", "region", "amount"])
            df.createOrReplaceTempView("sales")
            display(df)
            # COMMAND ----------
            # MAGIC %sql
            # MAGIC CREATE OR REPLACE TEMP VIEW north AS SELECT * FROM sales WHERE region = 'north'
            # COMMAND ----------
            # MAGIC %sql
            # MAGIC SELECT region, sum(amount) AS total_amount FROM north GROUP BY region
            # COMMAND ----------
            total = spark.table("north").agg({"amount": "sum"}).collect()[0][0]
            dbutils.notebook.exit(f"{total} {sc.defaultParallelism > 0} {sqlContext.sql('SELECT 1').count()}")
            """, language: .python)
        let (run, output) = try await runtime.run("/Shared/sales")
        let log = try log(runtime, run)
        #expect(run.state.resultState == .success, "\(output.error ?? "")\n\(log)")
        #expect(output.notebookOutput?.result == "12.5 True 1")
        #expect(log.contains("|region|total_amount|"), "the %sql result is displayed:\n\(log)")
        #expect(log.contains("|north |12.5        |"), "\(log)")
        #expect(log.contains("|2  |south |4.5   |"), "display(df) shows the rows:\n\(log)")
    }

    /// A SQL notebook: a widget made in SQL, set by the job's parameter, used as `:region` and `${region}`.
    @Test func aSQLNotebookRunsWithItsWidgetParameter() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook(
            "/Shared/report",
            """
            -- Databricks notebook source
            CREATE WIDGET TEXT region DEFAULT 'north';
            -- COMMAND ----------
            CREATE OR REPLACE TEMP VIEW sales AS
            SELECT * FROM VALUES (1, 'north', 10.0), (2, 'south', 4.5), (3, 'south', 1.5) AS t(id, region, amount);
            -- COMMAND ----------
            SELECT count(*) AS sales_count, sum(amount) AS region_total FROM sales WHERE region = :region;
            -- COMMAND ----------
            SELECT '${region}' AS chosen_region
            """, language: .sql)
        let (run, output) = try await runtime.run("/Shared/report", parameters: ["region": "south"])
        let log = try log(runtime, run)
        #expect(run.state.resultState == .success, "\(output.error ?? "")\n\(log)")
        #expect(log.contains("|2          |6.0         |"), "\(log)")
        #expect(log.contains("|south        |"), "\(log)")
    }

    /// Two runs at once: each its own session, neither sees the other's temp views.
    @Test func twoRunsAtOnceDoNotSeeEachOthersTempViews() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook(
            "/Shared/isolated",
            """
            # Databricks notebook source
            dbutils.widgets.text("value", "")
            spark.createDataFrame([(dbutils.widgets.get("value"),)], ["value"]).createOrReplaceTempView("mine")
            # COMMAND ----------
            views = [table.name for table in spark.catalog.listTables() if table.isTemporary]
            dbutils.notebook.exit(",".join(views) + "=" + spark.table("mine").collect()[0][0])
            """, language: .python)
        async let first = runtime.start("/Shared/isolated", parameters: ["value": "one"], maxConcurrentRuns: 2)
        async let second = runtime.start("/Shared/isolated", parameters: ["value": "two"], maxConcurrentRuns: 2)
        let runs = try await [first, second]
        var results: [String] = []
        for runId in runs {
            let run = try await runtime.engine.waitForEnd(of: runId)
            let task = try #require(run.tasks?.first)
            let output = try await runtime.jobs.getRunOutput(runId: task.runId)
            #expect(run.state.resultState == .success, "\(output.error ?? "")")
            results.append(output.notebookOutput?.result ?? "")
        }
        #expect(results.sorted() == ["mine=one", "mine=two"])
    }

    /// A notebook that never touches Spark starts no session (no JVM, no Spark scratch folder).
    @Test func aNotebookWithoutSparkStartsNone() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook("/Shared/plain", "# Databricks notebook source\nprint(repr(spark))\n", language: .python)
        let (run, _) = try await runtime.run("/Shared/plain")
        #expect(run.state.resultState == .success)
        #expect(try log(runtime, run).contains("<SparkSession (starts on first use)>"))
        let scratch = runtime.engine.state.taskFolder(jobRunId: run.runId, taskKey: "notebook").appendingPathComponent("spark")
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
    }

    /// Without pyspark, a notebook that uses Spark fails saying what to install.
    @Test func withoutPySparkTheErrorSaysWhatToInstall() async throws {
        let folder = TemporaryFolder()
        let state = StateFolder(folder.path("state"))
        try state.prepare()
        var executorEnvironment = ProcessInfo.processInfo.environment
        executorEnvironment["KILN_PYTHON"] = "/usr/bin/python3"
        // Nothing is installed on first import (which would reach PyPI): the message is the point.
        executorEnvironment["KILN_RUNTIME_PACKAGES"] = ""
        let engine = try await Engine(state: state)
        let executor = NotebookExecutor(
            workspace: engine.workspace, store: engine.store, state: engine.state, environment: executorEnvironment)
        let invocationFolder = folder.path("task")
        try FileManager.default.createDirectory(at: invocationFolder, withIntermediateDirectories: true)
        try await engine.databricks.workspace.importObject(
            WorkspaceImport(
                path: "/Shared/spark", content: Data("# Databricks notebook source\nspark.range(3).count()\n".utf8), format: .source,
                language: .python, overwrite: true))
        let result = await executor.execute(
            TaskInvocation(
                jobId: 1, jobRunId: 1, taskRunId: 2, task: JobTask(taskKey: "t", notebookTask: NotebookTask(notebookPath: "/Shared/spark")),
                parameters: [:], arguments: [], folder: invocationFolder, logFile: invocationFolder.appendingPathComponent("logs")))
        guard case .failed(let error, _) = result else {
            Issue.record("the run should fail: \(result)")
            return
        }
        #expect(error.contains("has no pyspark: install pyspark and Java 17"), "\(error)")
    }
}
