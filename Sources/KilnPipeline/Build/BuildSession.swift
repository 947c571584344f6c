import Foundation
import KilnAPI
import Logging

/// Everything the steps of one build share: its configuration and context, the workspace (real
/// or embedded) to build on, and where its events go. Steps are plain values over a session, so
/// `kiln build` and each step's subcommand run the same code.
public struct BuildSession: Sendable {
    public var config: KilnConfig
    public var context: BuildContext
    public var target: Target
    public var databricks: Databricks
    public var observer: any PipelineObserver
    public var environment: [String: String]
    /// How many files are staged at once.
    public var parallelism: Int
    public var polling: RunPolling
    public var logger: Logger

    public init(
        config: KilnConfig, context: BuildContext, target: Target, databricks: Databricks, observer: any PipelineObserver,
        environment: [String: String], parallelism: Int = 8, polling: RunPolling = RunPolling(),
        logger: Logger = Logger(label: "kiln.build", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.config = config
        self.context = context
        self.target = target
        self.databricks = databricks
        self.observer = observer
        self.environment = environment
        self.parallelism = parallelism
        self.polling = polling
        self.logger = logger
    }

    var storage: StorageTransfer { StorageTransfer(databricks, parallelism: parallelism, logger: logger) }

    /// `<storage_root>/<repo>/<build-id>`.
    func storageDir() throws -> StoragePath { try StoragePath(context.storageDir) }

    /// Writes the build's manifest to its storage folder (a small file, replaced each time).
    func writeManifest(_ manifest: BuildManifest) async throws {
        try await writeRecord(manifest, named: BuildManifest.fileName)
    }

    /// The manifest a previous step wrote, if there is one: this build's, or another build's of the
    /// same repository.
    func readManifest(build: String? = nil) async throws -> BuildManifest? {
        try await readRecord(BuildManifest.self, named: BuildManifest.fileName, build: build)
    }

    /// Writes one of the build's JSON records (`build.json`, `results.json`) to its storage folder,
    /// compact: a record of 100,000 tests is read back whole by every history.
    func writeRecord(_ value: some Encodable, named name: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-record-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: file)
        try await storage.upload(file, to: try storageDir().appending(name))
    }

    /// One of a build's JSON records, or nil when that build has none.
    func readRecord<Record: Decodable>(_ type: Record.Type, named name: String, build: String? = nil) async throws -> Record? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-record-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try await storage.download(try buildFolder(build).appending(name), to: file)
        } catch let error as TransferError where (error.underlying as? DatabricksError)?.status == 404 {
            return nil
        }
        return try JSONDecoder().decode(Record.self, from: Data(contentsOf: file))
    }

    /// The storage folder of `build` of this repository; this build's when nil.
    func buildFolder(_ build: String? = nil) throws -> StoragePath {
        try build.map { try StoragePath("\(config.storageRoot)/\(context.repo)/\($0)") } ?? storageDir()
    }

    /// The output of the task that ran the build's notebook (else the first that failed, else the first).
    func taskOutput(of run: Run) async -> RunOutput? {
        let tasks = run.tasks ?? []
        let task =
            tasks.first { $0.notebookTask?.notebookPath == context.notebookPath }
            ?? tasks.first { $0.state.resultState?.isSuccess == false } ?? tasks.first
        guard let task else { return nil }
        return try? await databricks.jobs.getRunOutput(runId: task.runId)
    }

    /// Whether the build's manifest records a failed verdict (for `keep: on_failure`).
    public func recordedVerdictFailed() async throws -> Bool {
        guard let state = try await readManifest()?.state else { return false }
        return state != "passed" && !BuildManifest.activeStates.contains(state)
    }
}
