import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// Notebooks see a cluster's paths: `/dbfs`, `/Volumes` and `/Workspace` literally, and their own
/// workspace folder as their working directory.
@Suite("Storage paths and the working directory", .timeLimit(.minutes(3)))
struct StorageMountsTests {
    /// `make test` installs bubblewrap; a machine that cannot make the mounts fails here, loudly,
    /// rather than skipping what users' notebooks depend on.
    private static func requireMounts() throws {
        try #require(
            StorageMounts.available(environment: [:]) != nil,
            "bwrap cannot make a mount namespace here: install bubblewrap (make test does) and allow user namespaces")
    }

    /// Fills the store and the notebook's folder: data under dbfs:/ and a volume, a module and a
    /// config file beside the notebook.
    private static func prepare(_ runtime: RuntimeFixture, folder: String) async throws {
        try await runtime.engine.databricks.dbfs.put(DBFSPut(path: "dbfs:/data/rows.csv", contents: Data("a,b\n1,2\n".utf8)))
        try await runtime.engine.receiveVolumeFile("/Volumes/main/ci/models/model.txt", overwrite: true) { url in
            try Data("v3".utf8).write(to: url)
        }
        try await runtime.engine.databricks.workspace.mkdirs(folder + "/conf")
        for (name, text) in [("helper.py", "def answer():\n    return 42\n"), ("conf/settings.txt", "threshold=0.8\n")] {
            try await runtime.engine.databricks.workspace.importObject(
                WorkspaceImport(path: "\(folder)/\(name)", content: Data(text.utf8), format: .auto, overwrite: true))
        }
    }

    @Test func pythonNotebooksOpenClusterPathsLiterally() async throws {
        try Self.requireMounts()
        let runtime = try await RuntimeFixture()
        try await Self.prepare(runtime, folder: "/Repos/ci/model")
        try await runtime.importNotebook(
            "/Repos/ci/model/check",
            """
            # Databricks notebook source
            import os, helper
            rows = open("/dbfs/data/rows.csv").read().splitlines()
            model = open("/Volumes/main/ci/models/model.txt").read()
            settings = open("conf/settings.txt").read().strip()
            same = open("/Workspace/Repos/ci/model/conf/settings.txt").read().strip() == settings
            os.makedirs("/dbfs/out", exist_ok=True)
            with open("/dbfs/out/written.txt", "w") as out:
                out.write("from the notebook")
            dbutils.notebook.exit(f"{rows[1]}|{model}|{settings}|{same}|{helper.answer()}|{os.getcwd()}")
            """, language: .python)
        let (run, output) = try await runtime.run("/Repos/ci/model/check")
        #expect(run.state.resultState == .success, "\(output.error ?? "")")
        #expect(output.notebookOutput?.result == "1,2|v3|threshold=0.8|True|42|/Workspace/Repos/ci/model")
        let written = try runtime.local("dbfs:/out/written.txt")
        #expect(try String(contentsOf: written, encoding: .utf8) == "from the notebook")
    }

    @Test func rNotebooksOpenClusterPathsLiterally() async throws {
        try Self.requireMounts()
        let runtime = try await RuntimeFixture()
        try await Self.prepare(runtime, folder: "/Users/me/model")
        try await runtime.importNotebook(
            "/Users/me/model/check",
            """
            # Databricks notebook source
            rows <- read.csv("/dbfs/data/rows.csv")
            model <- readLines("/Volumes/main/ci/models/model.txt", warn = FALSE)
            settings <- readLines("conf/settings.txt")
            dbutils.notebook.exit(paste(rows$b, model, settings, getwd(), sep = "|"))
            """, language: .r)
        let (run, output) = try await runtime.run("/Users/me/model/check")
        #expect(run.state.resultState == .success, "\(output.error ?? "")")
        #expect(output.notebookOutput?.result == "2|v3|threshold=0.8|/Workspace/Users/me/model")
    }

    /// Without the mounts (`KILN_MOUNTS=off`, or no bwrap), the working directory is still the
    /// notebook's folder, and a literal `/dbfs` path fails as a missing file, naming it.
    @Test func withoutMountsTheWorkingDirectoryStillHoldsTheNotebooksFiles() async throws {
        let runtime = try await RuntimeFixture()
        var environment = ProcessInfo.processInfo.environment
        environment["KILN_MOUNTS"] = "off"
        let executor = NotebookExecutor(
            workspace: runtime.engine.workspace, store: runtime.engine.store, state: runtime.engine.state, environment: environment)
        try await Self.prepare(runtime, folder: "/Shared/model")
        try await runtime.importNotebook(
            "/Shared/model/check",
            """
            # Databricks notebook source
            import helper
            settings = open("conf/settings.txt").read().strip()
            try:
                open("/dbfs/data/rows.csv")
                dbfs = "opened"
            except FileNotFoundError as error:
                dbfs = error.filename
            dbutils.notebook.exit(f"{settings}|{helper.answer()}|{dbfs}")
            """, language: .python)
        let taskFolder = runtime.folder.path("task")
        try FileManager.default.createDirectory(at: taskFolder, withIntermediateDirectories: true)
        let result = await executor.execute(
            TaskInvocation(
                jobId: 1, jobRunId: 1, taskRunId: 2,
                task: JobTask(taskKey: "t", notebookTask: NotebookTask(notebookPath: "/Shared/model/check")),
                parameters: [:], arguments: [], folder: taskFolder, logFile: taskFolder.appendingPathComponent("logs")))
        #expect(result == .succeeded(exitValue: "threshold=0.8|42|/dbfs/data/rows.csv"))
    }

    /// bwrap passes a signal's death on as an exit status; the run still says the signal, as the
    /// out-of-memory killer's SIGKILL should be named.
    @Test func aProgramKilledBySignalIsNamedSoThroughTheMounts() async throws {
        try Self.requireMounts()
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook(
            "/Shared/killed", "# Databricks notebook source\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", language: .python)
        let (run, output) = try await runtime.run("/Shared/killed")
        #expect(run.state.resultState == .failed)
        #expect(output.error?.hasSuffix("was killed by signal 9.") == true, "\(output.error ?? "")")
    }
}
