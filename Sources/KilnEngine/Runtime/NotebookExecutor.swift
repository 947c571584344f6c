import Foundation
import KilnAPI

/// Executes notebook tasks and Python-file tasks for real: the notebook's `%run`s inlined, the
/// program written to the task's folder and run by `Rscript` or `python3` in a process group of
/// its own, with the task's widget values, storage paths mapped to the engine's store.
struct NotebookExecutor: TaskExecutor {
    let workspace: EngineWorkspace
    let store: LocalStore
    /// Where the environments of task libraries (``LibraryEnvironments``) and Spark's tables are kept.
    let state: StateFolder
    var environment: [String: String]

    init(
        workspace: EngineWorkspace, store: LocalStore, state: StateFolder, settings: EngineSettings = EngineSettings(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.workspace = workspace
        self.store = store
        self.state = state
        self.environment = environment
        if let cranRepo = settings.cranRepo, self.environment["KILN_CRAN_REPO"] == nil { self.environment["KILN_CRAN_REPO"] = cranRepo }
    }

    func execute(_ invocation: TaskInvocation) async -> TaskResult {
        do {
            let (language, segments, arguments) = try await program(for: invocation)
            let runtime = try Runtime.forLanguage(language, environment: environment).get()
            let paths = StorePaths(store: store)
            let folder = ProgramFolder(root: invocation.folder)
            try folder.write(segments, parameters: invocation.parameters.mapValues(paths.localValue))
            let libraries = try await installLibraries(invocation)
            let (executable, argv, workingDirectory) = try command(
                runtime.interpreter, runtime.arguments + [folder.root.path] + arguments, in: folder, for: invocation)
            // As on Databricks, a secret's value never shows in what the run leaves: redacted as the
            // program prints it, and once more at the end for secrets put while it ran.
            let secrets = EngineSecrets(file: state.secrets)
            let runner = ProcessGroupRunner(
                executable: executable, arguments: argv, environment: processEnvironment(libraries, invocation),
                workingDirectory: workingDirectory, logFile: invocation.logFile, recordFolder: invocation.folder,
                redaction: SecretRedaction(values: secrets.values()))
            let calls = NotebookCalls(
                folder: folder.calls, callerPath: invocation.task.notebookTask?.notebookPath,
                clusterId: invocation.task.existingClusterId, workflows: invocation.workflows,
                packages: { module in try await installRuntimePackages(module, runtime: runtime, invocation) })
            let ending = Self.unwrapped(try await calls.serving { try await runner.run() }, wrapped: executable != runtime.interpreter)
            let redaction = SecretRedaction(values: secrets.values())
            redaction.redactFile(invocation.logFile)
            let (exitValue, error, trace) = folder.outputs(redactedBy: redaction)
            switch ending {
            case .exited(0): return .succeeded(exitValue: exitValue)
            case .exited(let status):
                return .failed(error: error ?? "\(runtime.interpreter) exited with status \(status); see the run's logs.", trace: trace)
            case .signalled(let signal):
                return .failed(error: "\(runtime.interpreter) was killed by signal \(signal).", trace: trace)
            }
        } catch let failure as LibraryInstallFailed {
            return .failed(error: failure.message, trace: nil)
        } catch let unavailable as RuntimeUnavailable {
            return .failed(error: unavailable.message, trace: nil)
        } catch let error as NotebookError {
            return .failed(error: error.description, trace: nil)
        } catch {
            return .failed(error: String(describing: error), trace: nil)
        }
    }

    /// The command that runs the program, and the folder it starts in. A notebook works in its
    /// workspace folder (its plain files copied out), as on Databricks: relative paths and
    /// imports find the files beside it. Where the machine can (``StorageMounts``), the program
    /// also sees `/dbfs`, `/Volumes` and `/Workspace`, and its working directory at its
    /// `/Workspace` path.
    private func command(_ interpreter: String, _ arguments: [String], in folder: ProgramFolder, for invocation: TaskInvocation)
        throws -> (String, [String], URL)
    {
        var workingDirectory = folder.work
        var visiblePath = folder.work.path
        if let notebookPath = invocation.task.notebookTask?.notebookPath {
            let notebookFolder = WorkspacePathText.parent(of: try WorkspacePath.normalize(notebookPath))
            workingDirectory = try folder.writeWorkspace(try workspace.files(under: notebookFolder), folder: notebookFolder)
            visiblePath = "/Workspace" + (notebookFolder == "/" ? "" : notebookFolder)
        }
        guard let mounts = StorageMounts.available(environment: environment) else { return (interpreter, arguments, workingDirectory) }
        let volumes = store.root.appendingPathComponent("Volumes", isDirectory: true)
        try FileManager.default.createDirectory(at: volumes, withIntermediateDirectories: true)
        let (executable, argv) = mounts.command(
            interpreter, arguments, mounting: .init(dbfs: store.root, volumes: volumes, workspace: folder.workspace),
            workingDirectory: visiblePath)
        return (executable, argv, workingDirectory)
    }

    /// Installs the task's libraries (and its job environment's dependencies), or reuses their
    /// environment: what a cluster does before the task runs.
    private func installLibraries(_ invocation: TaskInvocation) async throws -> LibraryEnvironments.Prepared {
        let paths = StorePaths(store: store)
        let workspace = self.workspace
        let folder = invocation.folder
        let libraries = try TaskLibraries(libraries: invocation.task.libraries ?? [], environment: invocation.environmentDependencies) {
            path in
            if let local = paths.storageFile(path) { return URL(fileURLWithPath: local) }
            // A workspace file: copied out, under its own name (pip reads a wheel's name).
            let workspacePath = path.hasPrefix("/Workspace/") ? String(path.dropFirst("/Workspace".count)) : path
            guard let data = try workspace.fileContent(at: workspacePath) else {
                throw LibraryInstallFailed(
                    message: "Library installation failed: \(path) does not exist in the workspace or the engine's storage.")
            }
            let copy = folder.appendingPathComponent("libraries").appendingPathComponent((path as NSString).lastPathComponent)
            try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: copy)
            return copy
        }
        guard !libraries.isEmpty else { return LibraryEnvironments.Prepared() }
        let context = LibraryEnvironments.Context(
            python: environment["KILN_PYTHON"] ?? "python3", rscript: environment["KILN_RSCRIPT"] ?? "Rscript",
            logFile: invocation.logFile, recordFolder: invocation.folder, progress: invocation.progress)
        return try await LibraryEnvironments(root: state.environments, environment: environment).prepare(libraries, context: context)
    }

    /// The program's own ending: bwrap passes its death by signal N on as exit status 128 + N.
    private static func unwrapped(_ ending: ProcessGroupRunner.Ending, wrapped: Bool) -> ProcessGroupRunner.Ending {
        guard wrapped, case .exited(let status) = ending, status > 128, status <= 128 + 64 else { return ending }
        return .signalled(status - 128)
    }

    /// Installs the set of runtime packages that holds `module` (``RuntimePackages``), or finds
    /// it installed; returns its folder.
    private func installRuntimePackages(_ module: String, runtime: Runtime, _ invocation: TaskInvocation) async throws -> URL {
        guard let libraries = RuntimePackages(environment: environment).libraries(for: module) else {
            throw LibraryInstallFailed(message: "\(module) is not a package the engine installs as a Databricks Runtime has it.")
        }
        let context = LibraryEnvironments.Context(
            python: runtime.interpreter, rscript: environment["KILN_RSCRIPT"] ?? "Rscript", logFile: invocation.logFile,
            recordFolder: invocation.folder, progress: invocation.progress)
        let prepared = try await LibraryEnvironments(root: state.environments, environment: environment).prepare(
            libraries, context: context)
        guard let path = prepared.pythonPath else {
            throw LibraryInstallFailed(message: "\(module) was not installed: this Python reports having it, yet cannot import it.")
        }
        return URL(fileURLWithPath: path)
    }

    /// What the runtime process gets besides this process's environment: the store, the run's
    /// context, unbuffered Python, a UTF-8 locale (without which R prints non-ASCII text as `<U+00E9>`), the task's
    /// library environments first on the search paths, and a library of the engine's for
    /// `install.packages` in a notebook. Kiln's own credentials are taken out: a notebook under
    /// test could print them into its logs.
    private func processEnvironment(_ libraries: LibraryEnvironments.Prepared, _ invocation: TaskInvocation) -> [String: String?] {
        var values: [String: String?] = [
            "KILN_STORE": store.root.path, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "KILN_R_LIBRARY": state.environments.appendingPathComponent("r-notebooks").path,
            // The notebook's context (dbutils.notebook.entry_point…getContext()) and the job run's
            // task values, which the tasks of one run share through its folder.
            "KILN_NOTEBOOK_PATH": invocation.task.notebookTask?.notebookPath ?? "",
            "KILN_JOB_ID": String(invocation.jobId), "KILN_JOB_RUN_ID": String(invocation.jobRunId),
            "KILN_TASK_RUN_ID": String(invocation.taskRunId), "KILN_TASK_KEY": invocation.task.taskKey,
            "KILN_CLUSTER_ID": invocation.task.existingClusterId ?? "",
            "KILN_SPARK_WAREHOUSE": state.sparkWarehouse.path,
            "KILN_SCOPES": state.secrets.path,
            "KILN_CALLS": ProgramFolder(root: invocation.folder).calls.path,
            "KILN_RUNTIME_MODULES": RuntimePackages(environment: environment).modules,
            "KILN_TASK_VALUES": invocation.folder.deletingLastPathComponent().appendingPathComponent(".task-values").path,
        ]
        func prepend(_ name: String, _ folder: String?) {
            guard let folder else { return }
            values[name] = [folder, environment[name]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ":")
        }
        // The mirror kiln.yml sets reaches R as the machine's own would.
        if let mirror = environment["KILN_CRAN_REPO"] { values["KILN_CRAN_REPO"] = mirror }
        prepend("PYTHONPATH", libraries.pythonPath)
        prepend("R_LIBS", libraries.rLibrary)
        let locale = environment["LC_ALL"] ?? environment["LANG"] ?? ""
        if !locale.uppercased().contains("UTF-8") && !locale.uppercased().contains("UTF8") { values["LC_ALL"] = "C.UTF-8" }
        for name in environment.keys where Self.isSecret(name) { values[name] = .some(nil) }
        return values
    }

    /// Whether an environment variable holds a credential of Kiln's or of the Databricks tools.
    static func isSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper.hasPrefix("DATABRICKS_") || upper.hasPrefix("KILN_SERVE_") || upper.hasSuffix("_TOKEN")
            || upper.hasSuffix("_SECRET") || upper.hasSuffix("_PASSWORD")
    }

    /// The language, the assembled program and the argv of a task.
    private func program(for invocation: TaskInvocation) async throws -> (NotebookLanguage, [ProgramSegment], [String]) {
        if let notebookTask = invocation.task.notebookTask {
            let path = notebookTask.notebookPath
            guard let entry = try workspace.notebook(at: path) else {
                throw RuntimeUnavailable(message: "Notebook \(path) was not found in the workspace: import it before running the job.")
            }
            let workspace = self.workspace
            let assembler = NotebookAssembler { target in
                try workspace.notebook(at: target).map { LoadedNotebook(text: $0.text, language: $0.language) }
            }
            let segments = try await assembler.assemble(
                LoadedNotebook(text: entry.text, language: entry.language), at: try WorkspacePath.normalize(path))
            return (entry.language, segments, [])
        }
        if let pythonTask = invocation.task.sparkPythonTask {
            let source = try pythonSource(pythonTask.pythonFile)
            let origin = CellOrigin(notebook: pythonTask.pythonFile, cell: 1)
            return (.python, [.code(source, origin: origin)], invocation.arguments)
        }
        throw RuntimeUnavailable(
            message:
                "Task '\(invocation.task.taskKey)' is not a notebook_task or spark_python_task, the task types the embedded engine runs.")
    }

    /// The text of a Python file task: from the store (`dbfs:/…`, `/Volumes/…`) or the workspace.
    private func pythonSource(_ file: String) throws -> String {
        if let local = StorePaths(store: store).storageFile(file) {
            guard let data = FileManager.default.contents(atPath: local) else {
                throw RuntimeUnavailable(message: "The Python file \(file) does not exist in the engine's storage.")
            }
            return String(decoding: data, as: UTF8.self)
        }
        if let notebook = try workspace.notebook(at: file) { return notebook.text }
        guard let data = try workspace.fileContent(at: file) else {
            throw RuntimeUnavailable(message: "The Python file \(file) was not found in the workspace or the engine's storage.")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
