import Foundation
import KilnAPI

/// What kiln.yml sets of the engine's runtimes (`targets.local`).
public struct EngineSettings: Sendable {
    /// The CRAN mirror R installs from; `KILN_CRAN_REPO` in the environment wins, as a machine's
    /// own mirror should.
    public var cranRepo: String?

    public init(cranRepo: String? = nil) {
        self.cranRepo = cranRepo
    }
}

/// The embedded, Databricks-compatible engine: a workspace, a file store, jobs and runs, kept in
/// a state folder on this machine. `databricks` is what the pipeline and the server work with.
public final class Engine: Sendable {
    public let state: StateFolder
    public let databricks: Databricks
    private let scheduler: RunScheduler
    private let volumes: EngineFiles
    private let lock: StateLock
    let workspace: EngineWorkspace
    let store: LocalStore

    /// Opens (or creates) the engine's state, which it holds alone until it is released; runs that
    /// a previous engine left active end INTERNAL_ERROR.
    ///
    /// - Parameters:
    ///   - executor: runs the tasks; by default the notebook runtimes (R and Python processes).
    ///   - settings: the runtimes' settings from kiln.yml.
    public init(state: StateFolder, executor: (any TaskExecutor)? = nil, settings: EngineSettings = EngineSettings()) async throws {
        try state.prepare()
        let lock = try StateLock(folder: state)
        let database = try EngineDatabase(at: state.database)
        let store = LocalStore(root: state.store, scratch: state.scratch)
        let workspace = EngineWorkspace(database: database)
        try workspace.seed()
        let repository = JobRepository(database: database)
        let executor = executor ?? NotebookExecutor(workspace: workspace, store: store, state: state, settings: settings)
        let scheduler = RunScheduler(store: RunStore(database: database), jobs: repository, executor: executor, folders: state)
        try await scheduler.recover()
        let volumes = EngineFiles(store: store)
        self.state = state
        self.store = store
        self.workspace = workspace
        self.scheduler = scheduler
        self.volumes = volumes
        self.lock = lock
        self.databricks = Databricks(
            workspace: workspace, dbfs: EngineDBFS(store: store, database: database), files: volumes,
            jobs: EngineJobs(repository: repository, scheduler: scheduler), clusters: EngineClusters(jobs: repository),
            identity: EngineIdentity(), secrets: EngineSecrets(file: state.secrets))
    }

    /// Waits for a run (or task run) to satisfy `predicate`, without polling.
    public func waitForRun(_ runId: Int64, until predicate: @escaping @Sendable (Run) -> Bool) async throws -> Run {
        try await scheduler.wait(for: runId, until: predicate)
    }

    /// Waits for a run to end.
    public func waitForEnd(of runId: Int64) async throws -> Run {
        try await waitForRun(runId) { $0.state.lifeCycleState.isTerminal }
    }

    /// Lets the runs that are ending (cancelled ones) end, at most `limit`, then stops the rest,
    /// killing their processes (they end INTERNAL_ERROR): what a process holding the engine does
    /// before it exits, so that no run is left RUNNING in the state.
    public func close(waitingAtMost limit: Duration = .seconds(10)) async {
        if await !scheduler.waitUntilIdle(limit: limit) {
            await scheduler.stopAll()
        }
    }

    /// Stops every active run, killing its processes; they end INTERNAL_ERROR. For a clean exit.
    public func stopActiveRuns() async {
        await scheduler.stopAll()
    }

    /// Makes `run_page_url` point at a server's run page (`<base>#job/<id>/run/<id>`).
    public func setRunPageBase(_ base: String?) async {
        await scheduler.setRunPageBase(base)
    }

    /// The local file behind a volume path, for streaming it without a copy.
    public func localFile(forVolumePath path: String) throws -> URL {
        try volumes.localFile(path)
    }

    /// Receives an upload to a volume path: `write` fills a scratch file, which then replaces (or,
    /// without `overwrite`, creates) the file in one step, so no reader sees half of it.
    public func receiveVolumeFile(_ path: String, overwrite: Bool, write: (URL) async throws -> Void) async throws {
        let canonical = try LocalStore.volumePath(path, isDirectory: false)
        if !overwrite, case .file = store.entry(canonical) { throw EngineFiles.exists(canonical) }
        let scratch = store.scratchFile()
        do {
            try await write(scratch)
        } catch {
            try? FileManager.default.removeItem(at: scratch)
            throw error
        }
        try store.commit(scratch, to: canonical, overwrite: overwrite, conflict: EngineFiles.exists)
    }

    /// The local file or folder behind a DBFS path (which may not exist).
    public func localURL(forDBFSPath path: String) throws -> URL {
        store.url(try LocalStore.dbfsPath(path))
    }
}
