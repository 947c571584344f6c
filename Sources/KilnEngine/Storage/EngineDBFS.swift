import Foundation
import GRDB
import KilnAPI

/// DBFS API 2.0 over the engine's local store.
///
/// Streaming handles live in the database and their bytes in a scratch file, so an upload that
/// was acknowledged block by block survives a restart of the engine, and the file appears at
/// its path only when the handle is closed.
final class EngineDBFS: DBFSService {
    private let store: LocalStore
    private let database: EngineDatabase

    init(store: LocalStore, database: EngineDatabase) {
        self.store = store
        self.database = database
    }

    func put(_ request: DBFSPut) async throws {
        let path = try LocalStore.dbfsPath(request.path)
        let contents = request.contents ?? Data()
        guard contents.count <= DBFSLimits.maxBlockBytes else {
            throw DatabricksError(
                .maxBlockSizeExceeded,
                "The contents of a put are \(contents.count) bytes, over the 1 MB limit: use create, add-block and close.")
        }
        try store.write(contents, to: path, overwrite: request.overwrite ?? false, conflict: Self.exists)
    }

    func putFile(_ file: URL, to path: String, overwrite: Bool) async throws {
        let path = try LocalStore.dbfsPath(path)
        try store.copy(from: file, to: path, overwrite: overwrite, conflict: Self.exists)
    }

    func create(_ request: DBFSCreate) async throws -> Int64 {
        let path = try LocalStore.dbfsPath(request.path)
        let overwrite = request.overwrite ?? false
        switch store.entry(path) {
        case .directory: throw Self.exists(path)
        case .file where !overwrite: throw Self.exists(path)
        default: break
        }
        return try database.write { db in
            let handle = try EngineDatabase.nextValue("handle", in: db)
            try db.execute(
                sql: "INSERT INTO dbfs_handle (handle, path, overwrite, last_used) VALUES (?, ?, ?, ?)",
                arguments: [handle, path, overwrite, epochMillis()])
            guard FileManager.default.createFile(atPath: self.partialFile(handle).path, contents: nil) else {
                throw self.store.ioError(path)
            }
            return handle
        }
    }

    func addBlock(handle: Int64, data: Data) async throws {
        guard data.count <= DBFSLimits.maxBlockBytes else {
            throw DatabricksError(.maxBlockSizeExceeded, "The block is \(data.count) bytes, over the 1 MB limit of add-block.")
        }
        _ = try touch(handle)
        let file = try FileHandle(forWritingTo: partialFile(handle))
        defer { try? file.close() }
        try file.seekToEnd()
        try file.write(contentsOf: data)
    }

    func close(handle: Int64) async throws {
        let (path, overwrite) = try touch(handle)
        try store.commit(partialFile(handle), to: path, overwrite: overwrite, conflict: Self.exists)
        try database.write { db in try db.execute(sql: "DELETE FROM dbfs_handle WHERE handle = ?", arguments: [handle]) }
    }

    func read(_ path: String, offset: Int64, length: Int64?) async throws -> DBFSReadResult {
        let path = try LocalStore.dbfsPath(path)
        let length = length ?? Int64(DBFSLimits.defaultReadBytes)
        guard offset >= 0, length >= 0 else {
            throw DatabricksError.invalidParameter("offset and length must not be negative (offset \(offset), length \(length)).")
        }
        guard length <= DBFSLimits.maxBlockBytes else {
            throw DatabricksError(.maxReadSizeExceeded, "length \(length) is over the 1 MB limit of a read.")
        }
        switch store.entry(path) {
        case .missing: throw Self.missing(path)
        case .directory: throw DatabricksError.invalidParameter("dbfs:\(path) is a directory, not a file.")
        case .file(let size, _):
            guard offset <= size else {
                throw DatabricksError.invalidParameter("offset \(offset) is past the end of dbfs:\(path), which is \(size) bytes.")
            }
            let file = try FileHandle(forReadingFrom: store.url(path))
            defer { try? file.close() }
            try file.seek(toOffset: UInt64(offset))
            let data = try file.read(upToCount: Int(length)) ?? Data()
            return DBFSReadResult(bytesRead: Int64(data.count), data: data)
        }
    }

    func list(_ path: String) async throws -> [FileInfo] {
        let path = try LocalStore.dbfsPath(path)
        switch store.entry(path) {
        case .missing: throw Self.missing(path)
        case .file: return [try status(canonical: path)]
        case .directory: return try store.children(path).compactMap { try? status(canonical: $0) }
        }
    }

    func mkdirs(_ path: String) async throws {
        try store.makeDirectories(try LocalStore.dbfsPath(path), conflict: Self.exists)
    }

    func delete(_ path: String, recursive: Bool) async throws {
        let path = try LocalStore.dbfsPath(path)
        guard path != "/" else { throw DatabricksError.invalidParameter("The root of DBFS cannot be deleted.") }
        switch store.entry(path) {
        case .missing: return
        case .directory where !recursive:
            guard try store.children(path).isEmpty else {
                throw DatabricksError(.ioError, "dbfs:\(path) is a non-empty directory: delete it with recursive set to true.")
            }
        default: break
        }
        try store.remove(path)
    }

    func status(_ path: String) async throws -> FileInfo {
        try status(canonical: try LocalStore.dbfsPath(path))
    }

    func move(from source: String, to destination: String) async throws {
        let source = try LocalStore.dbfsPath(source)
        let destination = try LocalStore.dbfsPath(destination)
        if case .missing = store.entry(source) { throw Self.missing(source) }
        if case .missing = store.entry(destination) {} else { throw Self.exists(destination) }
        try store.makeDirectories(WorkspacePathText.parent(of: destination), conflict: Self.exists)
        guard rename(store.url(source).path, store.url(destination).path) == 0 else { throw store.ioError(destination) }
    }

    // MARK: -

    private func status(canonical path: String) throws -> FileInfo {
        switch store.entry(path) {
        case .missing: throw Self.missing(path)
        case .file(let size, let modified): FileInfo(path: path, isDir: false, fileSize: size, modificationTime: modified)
        case .directory(let modified): FileInfo(path: path, isDir: true, fileSize: 0, modificationTime: modified)
        }
    }

    private func partialFile(_ handle: Int64) -> URL {
        store.scratch.appendingPathComponent("handle-\(handle)")
    }

    /// The target of an open handle, marking it used; an unknown or idle handle is gone.
    private func touch(_ handle: Int64) throws -> (String, Bool) {
        let now = epochMillis()
        let expiry = now - Int64(DBFSLimits.handleIdleTimeoutSeconds) * 1000
        let target = try database.write { db -> (String, Bool)? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT path, overwrite, last_used FROM dbfs_handle WHERE handle = ?", arguments: [handle])
            else {
                return nil
            }
            guard (row["last_used"] as Int64) >= expiry else {
                try db.execute(sql: "DELETE FROM dbfs_handle WHERE handle = ?", arguments: [handle])
                return nil
            }
            try db.execute(sql: "UPDATE dbfs_handle SET last_used = ? WHERE handle = ?", arguments: [now, handle])
            return (row["path"], row["overwrite"])
        }
        guard let target else {
            try? FileManager.default.removeItem(at: partialFile(handle))
            throw DatabricksError.doesNotExist(
                "There is no open handle \(handle): it was closed, never created, or idle for over 10 minutes.")
        }
        return target
    }

    static func missing(_ path: String) -> DatabricksError {
        .doesNotExist("No file or directory exists on path dbfs:\(path).")
    }

    static func exists(_ path: String) -> DatabricksError {
        .alreadyExists("A file or directory already exists at the input path dbfs:\(path).")
    }
}
