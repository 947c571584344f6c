import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// Task `libraries` are installed before the task runs, as on a cluster, from package indexes
/// built in the test on disk (no network): a Python wheel behind a PEP 503 index, an R package
/// behind a CRAN-like repository. Each set is installed once; a second run reuses it.
@Suite("Task libraries", .timeLimit(.minutes(4)))
struct TaskLibrariesTests {
    /// Runs `path` as a one-task job with `libraries`; returns the run, its output and its log.
    private func run(_ runtime: RuntimeFixture, _ path: String, libraries: [Library], environments: [JobEnvironment]? = nil) async throws
        -> (Run, RunOutput, String)
    {
        var task = JobTask(taskKey: "notebook", notebookTask: NotebookTask(notebookPath: path))
        task.libraries = libraries
        if environments != nil { task.environmentKey = "default" }
        var settings = JobSettings(name: "libraries", tasks: [task])
        settings.environments = environments
        let jobId = try await runtime.jobs.create(settings)
        let runId = try await runtime.jobs.runNow(RunNow(jobId: jobId)).runId
        let run = try await runtime.engine.waitForEnd(of: runId)
        let taskRun = try #require(run.tasks?.first)
        let output = try await runtime.jobs.getRunOutput(runId: taskRun.runId)
        let logFile = runtime.engine.state.taskFolder(jobRunId: runId, taskKey: "notebook").appendingPathComponent("logs")
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return (run, output, log)
    }

    private func environments(_ runtime: RuntimeFixture, _ kind: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: runtime.engine.state.environments.appendingPathComponent(kind).path)
            .filter { !$0.hasPrefix(".") }
    }

    // MARK: - Python

    /// A wheel of a pure-Python package `kilnprobe` 1.0, and a PEP 503 index of it (the fixture
    /// bench/engine.sh installs from too); returns the index URL.
    private func pythonIndex(in folder: TemporaryFolder) async throws -> String {
        let index = folder.path("index")
        let script = Examples.root.deletingLastPathComponent().appendingPathComponent(
            "Tests/KilnTests/Fixtures/packages/make_wheel_index.py")
        let made = try await runProcess(URL(fileURLWithPath: "/usr/bin/env"), [Self.python, script.path, index.path])
        try #require(made.status == 0, "\(made.stderr)")
        return index.absoluteString
    }

    private static var python: String { ProcessInfo.processInfo.environment["KILN_PYTHON"] ?? "python3" }

    @Test func aPyPILibraryIsInstalledOnceAndReused() async throws {
        let runtime = try await RuntimeFixture()
        let index = try await pythonIndex(in: runtime.folder)
        try await runtime.importNotebook(
            "/Shared/probe", "# Databricks notebook source\nimport kilnprobe\ndbutils.notebook.exit(str(kilnprobe.VALUE))\n",
            language: .python)
        let libraries = [
            Library(pypi: PythonPyPiLibrary(package: "kilnprobe==1.0", repo: index)), Library(pypi: PythonPyPiLibrary(package: "pip")),
        ]

        let (first, firstOutput, firstLog) = try await run(runtime, "/Shared/probe", libraries: libraries)
        #expect(first.state.resultState == .success, "\(firstOutput.error ?? "")\n\(firstLog)")
        #expect(firstOutput.notebookOutput?.result == "42")
        #expect(firstLog.contains("libraries: pip (installed here)"), "\(firstLog)")
        #expect(firstLog.contains("libraries: installing kilnprobe==1.0 into the environment "), "\(firstLog)")
        let installed = try environments(runtime, "python")
        #expect(installed.count == 1)

        let (second, secondOutput, secondLog) = try await run(runtime, "/Shared/probe", libraries: libraries)
        #expect(second.state.resultState == .success)
        #expect(secondOutput.notebookOutput?.result == "42")
        #expect(secondLog.contains("libraries: reusing the environment \(installed[0].prefix(12)) (kilnprobe==1.0)"), "\(secondLog)")
        #expect(!secondLog.contains("installing"))
        #expect(try environments(runtime, "python") == installed)

        // Another set is another environment; the first is untouched.
        try await runtime.importNotebook("/Shared/plain", "# Databricks notebook source\nimport kilnprobe\n", language: .python)
        let wheelFile = runtime.folder.path("index/kilnprobe/kilnprobe-1.0-py3-none-any.whl")
        let dbfsWheel = try runtime.local("/libs/kilnprobe-1.0-py3-none-any.whl")
        try FileManager.default.createDirectory(at: dbfsWheel.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: wheelFile, to: dbfsWheel)
        let (fromWheel, _, wheelLog) = try await run(
            runtime, "/Shared/plain", libraries: [Library(whl: "dbfs:/libs/kilnprobe-1.0-py3-none-any.whl")])
        #expect(fromWheel.state.resultState == .success, "\(wheelLog)")
        #expect(try environments(runtime, "python").count == 2)
    }

    @Test func aServerlessEnvironmentsDependenciesAreInstalled() async throws {
        let runtime = try await RuntimeFixture()
        let index = try await pythonIndex(in: runtime.folder)
        let requirements = try runtime.local("/Volumes/main/ci/libs/requirements.txt")
        try FileManager.default.createDirectory(at: requirements.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("--index-url \(index)\nkilnprobe==1.0\n".utf8).write(to: requirements)
        try await runtime.importNotebook(
            "/Shared/probe", "# Databricks notebook source\nimport kilnprobe\ndbutils.notebook.exit(str(kilnprobe.VALUE))\n",
            language: .python)
        let environment = JobEnvironment(
            environmentKey: "default", spec: EnvironmentSpec(client: "2", dependencies: ["-r /Volumes/main/ci/libs/requirements.txt"]))
        let (run, output, log) = try await run(runtime, "/Shared/probe", libraries: [], environments: [environment])
        #expect(run.state.resultState == .success, "\(output.error ?? "")\n\(log)")
        #expect(output.notebookOutput?.result == "42")
    }

    /// A library that does not install fails the task with the installer's own message.
    @Test func aLibraryThatDoesNotInstallFailsTheTaskWithTheInstallersMessage() async throws {
        let runtime = try await RuntimeFixture()
        let index = try await pythonIndex(in: runtime.folder)
        try await runtime.importNotebook("/Shared/probe", "# Databricks notebook source\nprint('never')\n", language: .python)
        let (run, output, log) = try await run(
            runtime, "/Shared/probe", libraries: [Library(pypi: PythonPyPiLibrary(package: "kilnprobe==9.9", repo: index))])
        #expect(run.state.resultState == .failed)
        let error = try #require(output.error)
        #expect(error.contains("Library installation failed for kilnprobe==9.9"), "\(error)")
        #expect(error.contains("No matching distribution found for kilnprobe==9.9"), "\(error)")
        #expect(!log.contains("never"), "the notebook did not run")
        #expect(try environments(runtime, "python").isEmpty, "no half environment is left")
    }

    @Test func aJarLibraryIsRefusedNamingWhatTheEngineInstalls() async throws {
        let runtime = try await RuntimeFixture()
        try await runtime.importNotebook("/Shared/probe", "# Databricks notebook source\nprint('never')\n", language: .python)
        let (run, output, _) = try await run(runtime, "/Shared/probe", libraries: [Library(jar: "dbfs:/libs/a.jar")])
        #expect(run.state.resultState == .failed)
        #expect(
            output.error?.contains("this task asks for a jar library, which needs a Databricks cluster") == true, "\(output.error ?? "")")
    }

    /// A package a Databricks Runtime has preinstalled is installed on the notebook's first
    /// import, once, into an environment every later run reuses; a notebook that does not import
    /// it installs nothing. (`KILN_RUNTIME_PACKAGES` names the probe package in place of pandas.)
    @Test func aRuntimePackageIsInstalledOnFirstImport() async throws {
        let runtime = try await RuntimeFixture()
        var environment = ProcessInfo.processInfo.environment
        environment["KILN_RUNTIME_PACKAGES"] = "kilnprobe=kilnprobe==1.0"
        environment["PIP_INDEX_URL"] = try await pythonIndex(in: runtime.folder)
        let executor = NotebookExecutor(
            workspace: runtime.engine.workspace, store: runtime.engine.store, state: runtime.engine.state, environment: environment)
        try await runtime.importNotebook("/Shared/plain", "# Databricks notebook source\nx = 1\n", language: .python)
        try await runtime.importNotebook(
            "/Shared/uses", "# Databricks notebook source\nimport kilnprobe\ndbutils.notebook.exit(str(kilnprobe.VALUE))\n",
            language: .python)
        func execute(_ path: String, _ id: Int64) async throws -> (TaskResult, String) {
            let folder = runtime.folder.path("task-\(id)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let result = await executor.execute(
                TaskInvocation(
                    jobId: 1, jobRunId: id, taskRunId: id, task: JobTask(taskKey: "t", notebookTask: NotebookTask(notebookPath: path)),
                    parameters: [:], arguments: [], folder: folder, logFile: folder.appendingPathComponent("logs")))
            return (result, (try? String(contentsOf: folder.appendingPathComponent("logs"), encoding: .utf8)) ?? "")
        }

        #expect(try await execute("/Shared/plain", 1).0 == .succeeded(exitValue: nil))
        #expect(!FileManager.default.fileExists(atPath: runtime.engine.state.environments.appendingPathComponent("python").path))
        let (first, firstLog) = try await execute("/Shared/uses", 2)
        #expect(first == .succeeded(exitValue: "42"), "\(firstLog)")
        #expect(firstLog.contains("libraries: installing kilnprobe==1.0 into the environment "), "\(firstLog)")
        let (second, secondLog) = try await execute("/Shared/uses", 3)
        #expect(second == .succeeded(exitValue: "42"))
        #expect(secondLog.contains("libraries: reusing the environment "), "\(secondLog)")
        #expect(try environments(runtime, "python").count == 1)
    }

    // MARK: - R

    /// A source package `kilnprobe` 1.0 built with `R CMD build`, in a CRAN-like repository made
    /// with `tools::write_PACKAGES`; returns the repository's URL.
    private func cranRepository(in folder: TemporaryFolder) async throws -> String {
        _ = try folder.write(
            "pkg/DESCRIPTION",
            "Package: kilnprobe\nVersion: 1.0\nTitle: A Probe\nDescription: Kiln's tests.\nLicense: MIT\nAuthor: Kiln\nMaintainer: Kiln <tests@kiln.invalid>\n"
        )
        _ = try folder.write("pkg/NAMESPACE", "export(probe_value)\n")
        _ = try folder.write("pkg/R/probe.R", "probe_value <- function() 42L\n")
        let contrib = folder.path("repo/src/contrib")
        try FileManager.default.createDirectory(at: contrib, withIntermediateDirectories: true)
        let built = try await runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["R", "CMD", "build", folder.path("pkg").path], directory: contrib)
        try #require(built.status == 0, "\(built.stdout)\(built.stderr)")
        let indexed = try await runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["Rscript", "-e", "tools::write_PACKAGES('.', type = 'source')"], directory: contrib)
        try #require(indexed.status == 0, "\(indexed.stderr)")
        return folder.path("repo").absoluteString
    }

    @Test func aCRANLibraryFromARepositoryIsInstalledOnceAndReused() async throws {
        let runtime = try await RuntimeFixture()
        let repository = try await cranRepository(in: runtime.folder)
        try await runtime.importNotebook(
            "/Shared/probe", "# Databricks notebook source\nlibrary(kilnprobe)\ndbutils.notebook.exit(as.character(probe_value()))\n",
            language: .r)
        let libraries = [
            Library(cran: RCranLibrary(package: "kilnprobe", repo: repository)), Library(cran: RCranLibrary(package: "testthat")),
        ]

        let (first, firstOutput, firstLog) = try await run(runtime, "/Shared/probe", libraries: libraries)
        #expect(first.state.resultState == .success, "\(firstOutput.error ?? "")\n\(firstLog)")
        #expect(firstOutput.notebookOutput?.result == "42")
        #expect(firstLog.contains("libraries: testthat (installed here)"), "\(firstLog)")
        #expect(firstLog.contains("libraries: installing kilnprobe into the environment "))
        let installed = try environments(runtime, "r")
        #expect(installed.count == 1)

        let (second, secondOutput, secondLog) = try await run(runtime, "/Shared/probe", libraries: libraries)
        #expect(second.state.resultState == .success)
        #expect(secondOutput.notebookOutput?.result == "42")
        #expect(secondLog.contains("libraries: reusing the environment \(installed[0].prefix(12)) (kilnprobe)"), "\(secondLog)")
        #expect(try environments(runtime, "r") == installed)
    }

    /// Without `--vanilla`, `install.packages` in a notebook works as on a cluster: into a library
    /// of the engine's, from the mirror kiln.yml sets (`targets.local.cran_repo`).
    @Test func installPackagesInANotebookInstallsIntoTheEnginesLibrary() async throws {
        let mirror = TemporaryFolder("kiln-cran")
        let repository = try await cranRepository(in: mirror)
        let runtime = try await RuntimeFixture(settings: EngineSettings(cranRepo: repository))
        try await runtime.importNotebook(
            "/Shared/install",
            """
            # Databricks notebook source
            install.packages("kilnprobe")
            library(kilnprobe)
            dbutils.notebook.exit(paste(probe_value(), .libPaths()[1] == Sys.getenv("KILN_R_LIBRARY")))
            """, language: .r)
        let (run, output, log) = try await run(runtime, "/Shared/install", libraries: [])
        #expect(run.state.resultState == .success, "\(output.error ?? "")\n\(log)")
        #expect(output.notebookOutput?.result == "42 TRUE")
    }
}
