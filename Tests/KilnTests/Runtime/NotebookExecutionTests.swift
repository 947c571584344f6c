import Foundation
import KilnAPI
import KilnReports
import Testing

@testable import KilnEngine

@Suite("Runtime: notebooks run as real R and Python processes", .timeLimit(.minutes(2)))
struct NotebookExecutionTests {
    /// The example's notebooks and artifacts, staged as the pipeline stages them.
    private func stageExample(_ name: String, on fixture: RuntimeFixture) async throws -> [String: String] {
        let example = Examples.folder(name)
        let databricks = fixture.engine.databricks
        try await databricks.importNotebooks(from: example.appendingPathComponent("databricks"), to: "/Shared/build/\(name)/7")
        for folder in ["models", "tests", "data"] {
            try await databricks.putFolder(example.appendingPathComponent(folder), to: "/build/\(name)/7/\(folder)")
        }
        let modelFile = name == "r-model" ? "model.rds" : "model.json"
        return [
            "model_path": "dbfs:/build/\(name)/7/models/\(modelFile)",
            "tests_path": "dbfs:/build/\(name)/7/tests\(name == "r-model" ? "/testthat" : "")",
            "data_test_path": "dbfs:/build/\(name)/7/data/test.csv",
            "build_number": "7",
        ]
    }

    /// The R example (testthat, results written to a /dbfs/ path) and the Python one (pytest, a
    /// dbfs:/ path), each through the Jobs API with its notebook parameters.
    @Test(arguments: [
        ("r-model", "/dbfs/build/r-model/7/results/junit.xml", "6 expectations, 0 failed"),
        ("python-model", "dbfs:/build/python-model/7/results/junit.xml", "pytest exit code 0"),
    ])
    func theExampleRunsItsTestSuite(example: String, resultsPath: String, exitValue: String) async throws {
        let fixture = try await RuntimeFixture()
        var parameters = try await stageExample(example, on: fixture)
        parameters["results_path"] = resultsPath
        let (run, output) = try await fixture.run("/Shared/build/\(example)/7/run_tests", parameters: parameters)
        #expect(run.state.resultState == .success, "\(output.error ?? "") \(output.logs ?? "")")
        #expect(output.notebookOutput?.result == exitValue)
        #expect(output.logs?.contains("Testing build 7") == true)
        let report = try JUnitParser().parse(contentsOf: try fixture.local("/build/\(example)/7/results/junit.xml"))
        #expect(report.counts.tests == 6)
        #expect(report.counts.failed == 0)
    }

    @Test func anRErrorFailsTheRunWithRsMessage() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.importNotebook(
            "/Shared/broken",
            """
            # Databricks notebook source
            check_model <- function(path) stop("model file is corrupt: ", path)

            # COMMAND ----------

            check_model("model.rds")
            """, language: .r)
        let (run, output) = try await fixture.run("/Shared/broken")
        #expect(run.state.resultState == .failed)
        #expect(output.error == "Error in check_model(\"model.rds\") : model file is corrupt: model.rds")
        #expect(output.errorTrace?.contains("check_model") == true)
    }

    @Test func aPythonExceptionFailsTheRunWithPythonsMessage() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.importNotebook(
            "/Shared/broken", "# Databricks notebook source\ndef rate(n):\n    return 1 / n\n\nrate(0)\n", language: .python)
        let (run, output) = try await fixture.run("/Shared/broken")
        #expect(run.state.resultState == .failed)
        #expect(output.error == "ZeroDivisionError: division by zero")
        #expect(output.errorTrace?.contains("in rate") == true)
    }

    @Test(arguments: [NotebookLanguage.r, .python])
    func aMissingWidgetFailsTheRunNamingIt(language: NotebookLanguage) async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.importNotebook(
            "/Shared/widgets",
            "# Databricks notebook source\nx <- dbutils.widgets.get(\"model_version\")\n"
                .replacingOccurrences(of: "x <- ", with: language == .r ? "x <- " : "x = "), language: language)
        let (run, output) = try await fixture.run("/Shared/widgets")
        #expect(run.state.resultState == .failed)
        #expect(output.error?.contains("No input widget named model_version is defined") == true)
    }

    @Test func scalaNotebooksAreRefusedClearly() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.importNotebook("/Shared/query", "// Databricks notebook source\nval x = 1\n", language: .scala)
        let (run, output) = try await fixture.run("/Shared/query")
        #expect(run.state.resultState == .failed)
        #expect(output.error?.contains("runs R, Python and SQL notebooks; this notebook is SCALA") == true, "\(output.error ?? "")")
    }

    /// A notebook that reports its process group through a pipe, starts a child, and waits.
    private func startLongNotebook(_ fixture: RuntimeFixture, timeoutSeconds: Int? = nil) async throws -> (runId: Int64, group: pid_t) {
        let pipe = makePipe(in: fixture.folder)
        try await fixture.importNotebook(
            "/Shared/long",
            """
            # Databricks notebook source
            system("sleep 300 &")
            system(paste("awk '{print $5}' /proc/self/stat >", dbutils.widgets.get("pipe")))
            Sys.sleep(300)
            """, language: .r)
        let runId = try await fixture.start("/Shared/long", parameters: ["pipe": pipe], timeoutSeconds: timeoutSeconds)
        let group = try #require(pid_t(await readLine(fromPipe: pipe)))
        #expect(ProcessGroup.hasLiveMember(group))
        return (runId, group)
    }

    @Test func cancelKillsEveryProcessOfTheRun() async throws {
        let fixture = try await RuntimeFixture()
        let (runId, group) = try await startLongNotebook(fixture)
        try await fixture.jobs.cancelRun(runId: runId)
        let run = try await fixture.engine.waitForEnd(of: runId)
        #expect(run.state.resultState == .canceled)
        #expect(!ProcessGroup.hasLiveMember(group))
    }

    @Test func timeoutKillsEveryProcessOfTheRun() async throws {
        let fixture = try await RuntimeFixture()
        let (runId, group) = try await startLongNotebook(fixture, timeoutSeconds: 40)
        let run = try await fixture.engine.waitForEnd(of: runId)
        #expect(run.state.resultState == .timedOut)
        #expect(!ProcessGroup.hasLiveMember(group))
    }

    @Test func concurrentRunsDoNotSeeEachOthersWidgetsOrFiles() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.importNotebook(
            "/Shared/who",
            """
            # Databricks notebook source
            import time
            who = dbutils.widgets.get("who")
            with open("mine.txt", "w") as out:
                out.write(who)
            dbutils.fs.put("dbfs:/runs/" + who + ".txt", who)
            time.sleep(1)
            with open("mine.txt") as back:
                dbutils.notebook.exit(back.read() + " " + dbutils.widgets.get("who"))
            """, language: .python)
        let settings = JobSettings(
            name: "who", tasks: [JobTask(taskKey: "who", notebookTask: NotebookTask(notebookPath: "/Shared/who"))], maxConcurrentRuns: 2)
        let jobId = try await fixture.jobs.create(settings)
        let first = try await fixture.jobs.runNow(RunNow(jobId: jobId, notebookParams: ["who": "alice"])).runId
        let second = try await fixture.jobs.runNow(RunNow(jobId: jobId, notebookParams: ["who": "bob"])).runId
        let runs = [try await fixture.engine.waitForEnd(of: first), try await fixture.engine.waitForEnd(of: second)]
        let outputs = try await runs.asyncMap { try await fixture.jobs.getRunOutput(runId: try #require($0.tasks?.first?.runId)) }
        #expect(outputs.map(\.notebookOutput?.result) == ["alice alice", "bob bob"])
        // They ran at the same time.
        #expect(runs[0].tasks![0].startTime < runs[1].tasks![0].endTime && runs[1].tasks![0].startTime < runs[0].tasks![0].endTime)
        #expect(try String(contentsOf: fixture.local("/runs/bob.txt"), encoding: .utf8) == "bob")
    }

    @Test func aPythonFileTaskGetsItsParametersAsArgv() async throws {
        let fixture = try await RuntimeFixture()
        try await fixture.engine.databricks.dbfs.put(
            DBFSPut(
                path: "dbfs:/scripts/score.py",
                contents: Data(
                    """
                    import sys
                    print("scoring", sys.argv[1:])
                    with open(sys.argv[2], "w") as out:
                        out.write(sys.argv[1])
                    """.utf8)))
        let results = try fixture.local("/results/score.txt").path
        try FileManager.default.createDirectory(atPath: (results as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let task = JobTask(
            taskKey: "score", sparkPythonTask: SparkPythonTask(pythonFile: "dbfs:/scripts/score.py", parameters: ["0.93", results]))
        let jobId = try await fixture.jobs.create(JobSettings(name: "score", tasks: [task]))
        let run = try await fixture.engine.waitForEnd(of: try await fixture.jobs.runNow(RunNow(jobId: jobId)).runId)
        let output = try await fixture.jobs.getRunOutput(runId: try #require(run.tasks?.first?.runId))
        #expect(run.state.resultState == .success, "\(output.error ?? "") \(output.logs ?? "")")
        #expect(output.logs?.contains("scoring ['0.93'") == true)
        #expect(try String(contentsOfFile: results, encoding: .utf8) == "0.93")
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
