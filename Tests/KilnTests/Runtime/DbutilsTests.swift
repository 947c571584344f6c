import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// What notebooks call on Databricks beyond widgets and exit, run for real in both drivers where
/// Databricks has the call in both languages: the same case, the same verdict.
@Suite("dbutils and notebook semantics in both drivers", .timeLimit(.minutes(3)))
struct DbutilsTests {
    /// One behaviour, written in each language; the exit value both runs must give.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var python: String
        var r: String
        var exitValue: String
        /// A notebook `./child` beside the main one, per language.
        var pythonChild: String?
        var rChild: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "displayHTML prints the HTML",
            python: "displayHTML('<b>fuel</b>')\ndbutils.notebook.exit('ok')",
            r: "displayHTML('<b>fuel</b>')\ndbutils.notebook.exit('ok')", exitValue: "ok"),
        Case(
            name: "a %run's arguments bind the child's widgets only",
            python: """
                dbutils.widgets.text("env", "prod")
                # COMMAND ----------
                # MAGIC %run ./child $env=test
                # COMMAND ----------
                dbutils.notebook.exit(seen + "/" + dbutils.widgets.get("env"))
                """,
            r: """
                dbutils.widgets.text("env", "prod")
                # COMMAND ----------
                # MAGIC %run ./child $env=test
                # COMMAND ----------
                dbutils.notebook.exit(paste0(seen, "/", dbutils.widgets.get("env")))
                """, exitValue: "test/prod",
            pythonChild: "seen = dbutils.widgets.get('env')", rChild: "seen <- dbutils.widgets.get('env')"),
        Case(
            name: "a widget default naming storage reads the store, as a job parameter does",
            python: """
                dbutils.fs.put("dbfs:/kiln/in.txt", "from the store", True)
                dbutils.widgets.text("input", "dbfs:/kiln/in.txt")
                path = dbutils.widgets.get("input")
                local = "/dbfs/" + path[len("dbfs:/"):] if path.startswith("dbfs:/") else path
                dbutils.notebook.exit(open(local).read())
                """,
            r: """
                dbutils.fs.put("dbfs:/kiln/in.txt", "from the store", TRUE)
                dbutils.widgets.text("input", "dbfs:/kiln/in.txt")
                local <- sub("^dbfs:/", "/dbfs/", dbutils.widgets.get("input"))
                dbutils.notebook.exit(readLines(local, warn = FALSE))
                """, exitValue: "from the store"),
        Case(
            name: "a %sh cell's status is its last command's",
            python: "# MAGIC %sh\n# MAGIC false\n# MAGIC echo fine\n# COMMAND ----------\ndbutils.notebook.exit('ok')",
            r: "# MAGIC %sh\n# MAGIC false\n# MAGIC echo fine\n# COMMAND ----------\ndbutils.notebook.exit('ok')", exitValue: "ok"),
    ]

    @Test(arguments: cases)
    func bothDriversAgree(_ testCase: Case) async throws {
        let runtime = try await RuntimeFixture()
        for (language, source, child) in [
            (NotebookLanguage.python, testCase.python, testCase.pythonChild), (.r, testCase.r, testCase.rChild),
        ] {
            let folder = "/Shared/\(language.rawValue.lowercased())"
            try await runtime.importNotebook("\(folder)/main", "# Databricks notebook source\n\(source)\n", language: language)
            if let child {
                try await runtime.importNotebook("\(folder)/child", "# Databricks notebook source\n\(child)\n", language: language)
            }
            let (run, output) = try await runtime.run("\(folder)/main")
            #expect(run.state.resultState == .success, "\(language.rawValue): \(output.error ?? "")")
            #expect(output.notebookOutput?.result == testCase.exitValue, "\(language.rawValue)")
        }
    }

    @Test func aShellCellWhoseLastCommandFailsFailsTheCell() async throws {
        let runtime = try await RuntimeFixture()
        for language in [NotebookLanguage.python, .r] {
            let path = "/Shared/sh-\(language.rawValue.lowercased())"
            try await runtime.importNotebook(
                path, "# Databricks notebook source\n# MAGIC %sh\n# MAGIC echo one\n# MAGIC false\n", language: language)
            let (run, output) = try await runtime.run(path)
            #expect(run.state.resultState == .failed)
            #expect(output.error?.contains("%sh cell failed with exit status 1") == true, "\(language.rawValue): \(output.error ?? "")")
        }
    }

    // MARK: - Python only, as on Databricks

    /// The context notebooks read their path and ids from, the IPython magics Databricks accepts,
    /// restartPython after %pip, and getAll.
    @Test func pythonNotebooksReachTheirContextAndTheirMagicsRun() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook(
            "/Shared/context",
            """
            # Databricks notebook source
            # MAGIC %load_ext autoreload
            # COMMAND ----------
            # MAGIC %autoreload 2
            # COMMAND ----------
            # MAGIC %matplotlib inline
            # COMMAND ----------
            dbutils.library.restartPython()
            # COMMAND ----------
            # MAGIC %restart_python
            # COMMAND ----------
            import json
            context = dbutils.notebook.entry_point.getDbutils().notebook().getContext()
            tags = context.tags()
            extra = json.loads(context.toJson())["extraContext"]
            dbutils.widgets.text("colour", "blue")
            dbutils.notebook.exit("|".join([
                context.notebookPath().get(), tags.get("taskKey").get(), str(tags.get("jobId").isDefined()),
                str(context.currentRunId().get().id() > 0), extra["notebook_path"], json.dumps(dbutils.widgets.getAll(), sort_keys=True),
            ]))
            """, language: .python)
        let (run, output) = try await runtime.run("/Shared/context", parameters: ["size": "9"])
        #expect(run.state.resultState == .success, "\(output.error ?? "")")
        #expect(output.notebookOutput?.result == #"/Shared/context|notebook|True|True|/Shared/context|{"colour": "blue", "size": "9"}"#)
    }

    /// Task values set by one task are read by a later task of the same run; a key never set
    /// gives the default, or fails without one.
    @Test func taskValuesPassBetweenTheTasksOfARun() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook(
            "/Shared/train", "# Databricks notebook source\ndbutils.jobs.taskValues.set(key='rmse', value=2.5)\n", language: .python)
        try await runtime.importNotebook(
            "/Shared/check",
            """
            # Databricks notebook source
            rmse = dbutils.jobs.taskValues.get(taskKey='train', key='rmse', debugValue=0)
            missing = dbutils.jobs.taskValues.get(taskKey='train', key='r2', default=-1)
            try:
                dbutils.jobs.taskValues.get(taskKey='train', key='r2')
                raised = 'no'
            except ValueError:
                raised = 'yes'
            dbutils.notebook.exit(f'{rmse} {missing} {raised}')
            """, language: .python)
        let settings = JobSettings(
            name: "values",
            tasks: [
                JobTask(taskKey: "train", notebookTask: NotebookTask(notebookPath: "/Shared/train")),
                JobTask(
                    taskKey: "check", notebookTask: NotebookTask(notebookPath: "/Shared/check"),
                    dependsOn: [TaskDependency(taskKey: "train")]),
            ])
        let jobId = try await runtime.jobs.create(settings)
        let run = try await runtime.engine.waitForEnd(of: try await runtime.jobs.runNow(RunNow(jobId: jobId)).runId)
        #expect(run.state.resultState == .success)
        let check = try #require(run.tasks?.first { $0.taskKey == "check" })
        #expect(try await runtime.jobs.getRunOutput(runId: check.runId).notebookOutput?.result == "2.5 -1 yes")
    }

    @Test func sparkRFailsSayingTheEnginesSparkIsForPythonAndSQL() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook("/Shared/sparkr", "# Databricks notebook source\nlibrary(SparkR)\n", language: .r)
        let (run, output) = try await runtime.run("/Shared/sparkr")
        #expect(run.state.resultState == .failed)
        #expect(output.error?.contains("there is no package called") == true)
        #expect(
            output.error?.contains("Kiln's embedded engine has no Spark for R (its Spark is for Python and SQL)") == true,
            "\(output.error ?? "")")
    }

    /// A secret a notebook prints is redacted before its log is written: not even while the run
    /// is going (the notebook waits, holding its process open) does the value reach the disk,
    /// from Python's own print or from a subprocess writing to the same output.
    @Test func aPrintedSecretNeverReachesTheLogEvenMidRun() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.engine.databricks.secrets.createScope("ci")
        try await runtime.engine.databricks.secrets.put(scope: "ci", key: "token", value: Data("s3cr3t-v4lue".utf8))
        let pipe = runtime.folder.path("printed").path
        #expect(mkfifo(pipe, 0o600) == 0)
        try await runtime.importNotebook(
            "/Shared/leaky",
            """
            # Databricks notebook source
            import os, subprocess, threading, time
            token = dbutils.secrets.get("ci", "token")
            print("the token is", token)
            subprocess.run(["echo", "from a subprocess: " + token])
            # Until the engine has written both lines to the log (beside the calls folder).
            log = os.path.join(os.path.dirname(os.environ["KILN_CALLS"]), "logs")
            while "from a subprocess" not in open(log).read():
                time.sleep(0.01)
            with open(\(String(reflecting: pipe)), "w") as printed:
                printed.write("printed\\n")
            threading.Event().wait()
            """, language: .python)
        let runId = try await runtime.start("/Shared/leaky")
        #expect(await readLine(fromPipe: pipe) == "printed")
        let log = try String(
            contentsOf: runtime.engine.state.taskFolder(jobRunId: runId, taskKey: "notebook").appendingPathComponent("logs"),
            encoding: .utf8)
        try await runtime.jobs.cancelRun(runId: runId)
        _ = try await runtime.engine.waitForEnd(of: runId)
        #expect(log.contains("the token is [REDACTED]"), "\(log)")
        #expect(log.contains("from a subprocess: [REDACTED]"), "\(log)")
        #expect(!log.contains("s3cr3t"))
    }

    /// A process that left the run's process group (`setsid`) and holds its output open does not
    /// keep the run from ending: the log waits for it 2 s at most.
    @Test func aProcessThatEscapesTheGroupDoesNotHoldTheRunOpen() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.engine.databricks.secrets.createScope("ci")
        try await runtime.engine.databricks.secrets.put(scope: "ci", key: "token", value: Data("s3cr3t".utf8))
        let pidFile = runtime.folder.path("escaped.pid").path
        try await runtime.importNotebook(
            "/Shared/daemon",
            """
            # Databricks notebook source
            import os, subprocess, time
            subprocess.Popen(["setsid", "sh", "-c", "echo $$ > \(pidFile).partial && mv \(pidFile).partial \(pidFile); exec sleep 600"])
            while not os.path.exists("\(pidFile)"):  # so the test can stop it afterwards
                time.sleep(0.01)
            print("started a daemon")
            """, language: .python)
        let (run, output) = try await runtime.run("/Shared/daemon")
        if let pid = try? String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            let number = Int32(pid)
        {
            kill(number, SIGKILL)
        }
        #expect(run.state.resultState == .success, "\(output.error ?? "")")
        #expect(output.logs?.contains("started a daemon") == true)
    }
}
