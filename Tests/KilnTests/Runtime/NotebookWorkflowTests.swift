import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// `dbutils.notebook.run` in both drivers: the child is a run of its own (a `WORKFLOW_RUN`),
/// with its own widgets, timeout and exit value, and its failure raised in the caller.
@Suite("dbutils.notebook.run", .timeLimit(.minutes(3)))
struct NotebookWorkflowTests {
    /// A Python notebook runs two children at once from threads, by relative and absolute path,
    /// with arguments; each child is listed as a workflow run, the parent alone as the job's run.
    @Test func pythonRunsChildrenAsRunsOfTheirOwn() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook(
            "/Repos/ci/lib/square",
            """
            # Databricks notebook source
            dbutils.widgets.text("n", "0")
            n = int(dbutils.widgets.get("n"))
            dbutils.notebook.exit(str(n * n))
            """, language: .python)
        try await runtime.importNotebook("/Repos/ci/lib/quiet", "# Databricks notebook source\nx = 1\n", language: .python)
        try await runtime.importNotebook(
            "/Repos/ci/main",
            """
            # Databricks notebook source
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(2) as pool:
                squares = list(pool.map(lambda n: dbutils.notebook.run("./lib/square", 60, {"n": str(n)}), [3, 4]))
            quiet = dbutils.notebook.run("/Repos/ci/lib/quiet", 0)
            dbutils.notebook.exit(f"{squares} {quiet!r}")
            """, language: .python)
        let (run, output) = try await runtime.run("/Repos/ci/main")
        #expect(run.state.resultState == .success, "\(output)")
        #expect(output.notebookOutput?.result == "['9', '16'] ''")

        let children = try await runtime.jobs.listRuns(RunsListQuery(expandTasks: true, runType: .workflowRun)).runs ?? []
        #expect(children.count == 3)
        for child in children {
            #expect(child.runType == .workflowRun)
            #expect(child.jobId == nil)
            #expect(child.state.resultState == .success)
        }
        #expect(Set(children.map(\.runName)) == ["square", "quiet"])
        #expect(Set(children.compactMap { $0.tasks?.first?.notebookTask?.baseParameters?["n"] }) == ["3", "4"])
        let jobRuns = try await runtime.jobs.listRuns(RunsListQuery(runType: .jobRun)).runs ?? []
        #expect(jobRuns.map(\.runId) == [run.runId])
        await #expect(throws: DatabricksError.self) { try await runtime.jobs.listRuns(RunsListQuery(runType: "NOTEBOOK")) }
    }

    /// A child that fails raises in the caller with the child's own error; one that outlives its
    /// timeout ends TIMEDOUT and raises too; a non-string argument is refused before any run.
    @Test func pythonCallersSeeTheirChildrensFailures() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook("/Shared/broken", "# Databricks notebook source\n1 / 0\n", language: .python)
        try await runtime.importNotebook(
            "/Shared/forever", "# Databricks notebook source\nimport threading\nthreading.Event().wait()\n", language: .python)
        try await runtime.importNotebook(
            "/Shared/caller",
            """
            # Databricks notebook source
            messages = []
            for path, timeout in [("broken", 0), ("forever", 1)]:
                try:
                    dbutils.notebook.run(path, timeout)
                except Exception as error:
                    messages.append(f"{type(error).__name__}: {error}")
            try:
                dbutils.notebook.run("broken", 0, {"n": 3})
            except TypeError as error:
                messages.append(str(error))
            dbutils.notebook.exit("\\n".join(messages))
            """, language: .python)
        let (run, output) = try await runtime.run("/Shared/caller")
        #expect(run.state.resultState == .success, "\(output)")
        let lines = (output.notebookOutput?.result ?? "").split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.first?.hasPrefix("WorkflowException: Notebook broken (run ") == true, "\(lines)")
        #expect(lines.first?.hasSuffix("ended FAILED: ZeroDivisionError: division by zero") == true, "\(lines)")
        #expect(lines.dropFirst().first?.contains("ended TIMEDOUT") == true, "\(lines)")
        #expect(lines.last?.contains("argument 'n' is int; arguments are widget values and must be str") == true, "\(lines)")

        let children = try await runtime.jobs.listRuns(RunsListQuery(runType: .workflowRun)).runs ?? []
        #expect(children.map(\.state.resultState).sorted { $0?.rawValue ?? "" < $1?.rawValue ?? "" } == [.failed, .timedOut])
    }

    /// Cancelling the caller cancels the child it waits for: nothing is left running.
    @Test func cancellingTheCallerCancelsTheChild() async throws {
        let runtime = try await RuntimeFixture()
        let pipe = runtime.folder.path("started").path
        #expect(mkfifo(pipe, 0o600) == 0)
        try await runtime.importNotebook(
            "/Shared/child",
            """
            # Databricks notebook source
            import threading
            with open(\(String(reflecting: pipe)), "w") as pipe:
                pipe.write("started\\n")
            threading.Event().wait()
            """, language: .python)
        try await runtime.importNotebook(
            "/Shared/parent", "# Databricks notebook source\ndbutils.notebook.run('child', 0)\n", language: .python)
        let runId = try await runtime.start("/Shared/parent")
        #expect(await readLine(fromPipe: pipe) == "started")
        try await runtime.jobs.cancelRun(runId: runId)
        let parent = try await runtime.engine.waitForEnd(of: runId)
        #expect(parent.state.resultState == .canceled)
        let children = try await runtime.jobs.listRuns(RunsListQuery(runType: .workflowRun)).runs ?? []
        #expect(children.count == 1)
        #expect(children.first?.state.resultState == .canceled)
    }

    /// R: the child's exit value comes back, its widgets are the arguments, and its failure is an
    /// error in the caller that `tryCatch` sees.
    @Test func rRunsChildrenAndSeesTheirFailures() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook(
            "/Shared/r/double",
            """
            # Databricks notebook source
            dbutils.widgets.text("x", "1")
            dbutils.notebook.exit(as.character(2 * as.numeric(dbutils.widgets.get("x"))))
            """, language: .r)
        try await runtime.importNotebook("/Shared/r/broken", "# Databricks notebook source\nstop(\"no model file\")\n", language: .r)
        try await runtime.importNotebook(
            "/Shared/r/main",
            """
            # Databricks notebook source
            doubled <- dbutils.notebook.run("double", 60, list(x = "21"))
            failure <- tryCatch(dbutils.notebook.run("./broken", 60), error = function(e) conditionMessage(e))
            dbutils.notebook.exit(paste(doubled, failure, sep = "|"))
            """, language: .r)
        let (run, output) = try await runtime.run("/Shared/r/main")
        #expect(run.state.resultState == .success, "\(output)")
        let result = output.notebookOutput?.result ?? ""
        #expect(result.hasPrefix("42|Notebook ./broken (run "), "\(result)")
        #expect(result.contains("ended FAILED: ") && result.contains("no model file"), "\(result)")
    }

    /// Paths resolve from the caller's folder; one that climbs above the root, or a relative path
    /// from a Python file task (which has no folder), is refused with a message saying so.
    @Test func pathsResolveFromTheCaller() throws {
        let calls = NotebookCalls(
            folder: URL(fileURLWithPath: "/tmp"), callerPath: "/Repos/a/tests/run", clusterId: "c", workflows: NoWorkflows(),
            packages: Self.noPackages)
        let request = try calls.request(["path": "../lib/x", "timeout_seconds": "30", "arg:model": "dbfs:/m.rds"])
        #expect(
            request
                == NotebookWorkflowRequest(
                    notebookPath: "/Repos/a/lib/x", arguments: ["model": "dbfs:/m.rds"], timeoutSeconds: 30, clusterId: "c"))
        #expect(try calls.request(["path": "/Shared/./y"]).notebookPath == "/Shared/y")
        #expect(throws: NotebookCallError.self) { try calls.request(["path": "../../../../z"]) }
        let fileTask = NotebookCalls(
            folder: URL(fileURLWithPath: "/tmp"), callerPath: nil, clusterId: nil, workflows: NoWorkflows(), packages: Self.noPackages)
        let error = #expect(throws: NotebookCallError.self) { try fileTask.request(["path": "child"]) }
        #expect(error?.message.contains("give the notebook's absolute workspace path") == true)
    }

    private static let noPackages: @Sendable (String) async throws -> URL = { _ in URL(fileURLWithPath: "/nowhere") }

    private struct NoWorkflows: NotebookWorkflows {
        func runWorkflow(_ request: NotebookWorkflowRequest) async throws -> NotebookWorkflowResult {
            NotebookWorkflowResult(runId: 0, resultState: .failed, exitValue: nil, error: "unused")
        }
    }
}
