import Foundation
import KilnAPI

/// The folder behind the engine's file store. `dbfs:/a/b` is `<store>/a/b`, and a Unity Catalog
/// volume path `/Volumes/c/s/v/x` is `dbfs:/Volumes/c/s/v/x`, as on Databricks, so both APIs and
/// the notebooks' own `open()` and `readRDS()` see the same bytes.
///
/// Writes go to a scratch file first and are renamed into place, so a reader (or a crash) never
/// sees half a file.
struct LocalStore: Sendable {
    let root: URL
    let scratch: URL

    private var fileManager: FileManager { .default }

    /// The canonical DBFS path (`/a/b`) of `path`, which may carry a `dbfs:` prefix.
    static func dbfsPath(_ path: String) throws -> String {
        var path = path
        if path.hasPrefix("dbfs:") { path.removeFirst("dbfs:".count) }
        guard path.hasPrefix("/") else {
            throw DatabricksError.invalidParameter("Path (\(path)) is not absolute: DBFS paths start with '/' or 'dbfs:/'.")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        if let bad = components.first(where: { $0 == "." || $0 == ".." }) {
            throw DatabricksError.invalidParameter("Path (\(path)) contains '\(bad)': give the path without relative components.")
        }
        guard !path.contains("\0") else { throw DatabricksError.invalidParameter("Path (\(path)) contains a NUL character.") }
        return "/" + components.joined(separator: "/")
    }

    /// The canonical path of a Files API path, which must lie in a volume: `/Volumes/<catalog>/<schema>/<volume>/…`.
    static func volumePath(_ path: String, isDirectory: Bool) throws -> String {
        let canonical = try dbfsPath(path)
        let components = canonical.split(separator: "/")
        guard components.first == "Volumes", components.count >= (isDirectory ? 4 : 5) else {
            throw DatabricksError.invalidParameter(
                "Path (\(path)) is not in a Unity Catalog volume: the Files API takes /Volumes/<catalog>/<schema>/<volume>/…")
        }
        return canonical
    }

    func url(_ canonicalPath: String) -> URL {
        canonicalPath == "/" ? root : root.appendingPathComponent(String(canonicalPath.dropFirst()))
    }

    enum Entry {
        case missing
        case file(size: Int64, modified: Int64)
        case directory(modified: Int64)
    }

    func entry(_ canonicalPath: String) -> Entry {
        guard let attributes = try? fileManager.attributesOfItem(atPath: url(canonicalPath).path) else { return .missing }
        let modified = epochMillis((attributes[.modificationDate] as? Date) ?? Date())
        if (attributes[.type] as? FileAttributeType) == .typeDirectory { return .directory(modified: modified) }
        return .file(size: (attributes[.size] as? NSNumber)?.int64Value ?? 0, modified: modified)
    }

    /// The entries of a folder, sorted by name.
    func children(_ canonicalPath: String) throws -> [String] {
        try fileManager.contentsOfDirectory(atPath: url(canonicalPath).path).sorted()
            .map { canonicalPath == "/" ? "/\($0)" : "\(canonicalPath)/\($0)" }
    }

    /// Creates the folder and its parents; `conflict` makes the error for a file in the way.
    func makeDirectories(_ canonicalPath: String, conflict: (String) -> DatabricksError) throws {
        var current = ""
        for component in canonicalPath.split(separator: "/") {
            current += "/\(component)"
            if case .file = entry(current) { throw conflict(current) }
        }
        try fileManager.createDirectory(at: url(canonicalPath), withIntermediateDirectories: true)
    }

    /// A new scratch file's URL; the caller moves it into place with `commit`.
    func scratchFile() -> URL {
        scratch.appendingPathComponent("write-\(UUID().uuidString)")
    }

    /// Moves a finished scratch file to `canonicalPath` in one step; without `overwrite` an existing
    /// file wins and the scratch file is removed.
    func commit(_ scratchFile: URL, to canonicalPath: String, overwrite: Bool, conflict: (String) -> DatabricksError) throws {
        let target = url(canonicalPath)
        defer { try? fileManager.removeItem(at: scratchFile) }
        try makeDirectories(WorkspacePathText.parent(of: canonicalPath), conflict: conflict)
        if case .directory = entry(canonicalPath) { throw conflict(canonicalPath) }
        if overwrite {
            guard rename(scratchFile.path, target.path) == 0 else { throw ioError(canonicalPath) }
        } else {
            // link() fails if the target exists: create-if-absent without a window for a race.
            guard link(scratchFile.path, target.path) == 0 else {
                if errno == EEXIST { throw conflict(canonicalPath) }
                throw ioError(canonicalPath)
            }
        }
    }

    /// Writes `data` to `canonicalPath` atomically.
    func write(_ data: Data, to canonicalPath: String, overwrite: Bool, conflict: (String) -> DatabricksError) throws {
        let scratchFile = scratchFile()
        try data.write(to: scratchFile)
        try commit(scratchFile, to: canonicalPath, overwrite: overwrite, conflict: conflict)
    }

    /// Copies a local file into the store atomically, streaming it: the file a link leads to,
    /// never the link (which would lead out of the store).
    func copy(from source: URL, to canonicalPath: String, overwrite: Bool, conflict: (String) -> DatabricksError) throws {
        let scratchFile = scratchFile()
        try fileManager.copyItem(at: source.resolvingSymlinksInPath(), to: scratchFile)
        try commit(scratchFile, to: canonicalPath, overwrite: overwrite, conflict: conflict)
    }

    func remove(_ canonicalPath: String) throws {
        try fileManager.removeItem(at: url(canonicalPath))
    }

    func ioError(_ canonicalPath: String) -> DatabricksError {
        DatabricksError(.ioError, "Cannot write dbfs:\(canonicalPath): \(String(cString: strerror(errno))).")
    }
}
