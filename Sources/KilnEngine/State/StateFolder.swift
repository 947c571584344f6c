import Foundation

/// The folder that holds everything the embedded engine knows, so that nothing is lost across
/// restarts: the SQLite database, the file store's bytes, upload handles and each run's files.
public struct StateFolder: Sendable, Hashable {
    public let root: URL

    /// The default: `.kiln/engine` below the current directory.
    public static let defaultRelativePath = ".kiln/engine"

    public init(_ root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The folder named by `--state`, else `KILN_STATE`, else the default below `directory`.
    public static func resolve(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> StateFolder {
        let chosen = option ?? environment["KILN_STATE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen else { return StateFolder(directory.appendingPathComponent(defaultRelativePath)) }
        return StateFolder(URL(fileURLWithPath: chosen, relativeTo: directory))
    }

    public var database: URL { root.appendingPathComponent("engine.sqlite") }
    /// The bytes behind `dbfs:/` (and `/Volumes/…`, which is `dbfs:/Volumes/…`).
    public var store: URL { root.appendingPathComponent("dbfs", isDirectory: true) }
    /// Partial files of open DBFS streaming handles and atomic writes in progress.
    public var scratch: URL { root.appendingPathComponent("scratch", isDirectory: true) }
    /// The environments of task libraries, one folder per set of libraries (see ``LibraryEnvironments``).
    public var environments: URL { root.appendingPathComponent("environments", isDirectory: true) }
    /// The managed tables of Spark SQL (`saveAsTable`, `CREATE TABLE`), shared by every run.
    public var sparkWarehouse: URL { root.appendingPathComponent("spark-warehouse", isDirectory: true) }
    /// The secret scopes (``EngineSecrets``), readable by this user only.
    public var secrets: URL { root.appendingPathComponent("secrets") }
    /// One folder per task run: the program, its outputs and its logs.
    public var runs: URL { root.appendingPathComponent("runs", isDirectory: true) }

    /// A job run's folder: it holds one folder per task, so opening it shows every task's logs.
    public func runFolder(_ runId: Int64) -> URL { runs.appendingPathComponent(String(runId), isDirectory: true) }

    public func taskFolder(jobRunId: Int64, taskKey: String) -> URL {
        runFolder(jobRunId).appendingPathComponent(taskKey, isDirectory: true)
    }

    /// Creates the folders, failing with a message that names the folder.
    func prepare() throws {
        for folder in [root, store, scratch, runs] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw EngineError.stateFolder(folder.path, error.localizedDescription)
            }
        }
    }
}
