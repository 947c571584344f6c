import Foundation
import KilnAPI
import Logging

/// Moves files between this machine and a workspace's storage, on either target: `dbfs:/…` paths
/// through the DBFS API, `/Volumes/…` paths through the Files API. What `kiln stage` calls to copy
/// a build's files, and the collection of results to bring the tests' reports back.
public struct StorageTransfer: Sendable {
    /// How many files `stage` moves at once.
    public let parallelism: Int
    private let dbfs: DBFSStorage
    private let volumes: VolumeStorage

    /// - Parameters:
    ///   - parallelism: files moved at once by `stage`; 8 keeps a workspace's connection busy
    ///     without crowding its rate limits.
    ///   - uploadAttempts: whole-file attempts of a DBFS upload whose connection broke.
    ///   - largestSinglePut: files under this size go to DBFS in one call (2 GB); tests lower it
    ///     to send files through a handle.
    public init(
        _ databricks: Databricks, parallelism: Int = 8, uploadAttempts: Int = 5, largestSinglePut: Int64 = DBFSLimits.maxMultipartPutBytes,
        logger: Logger = Logger(label: "kiln.storage", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.parallelism = max(1, parallelism)
        dbfs = DBFSStorage(
            dbfs: databricks.dbfs, uploadAttempts: max(1, uploadAttempts), largestSinglePut: largestSinglePut, logger: logger)
        volumes = VolumeStorage(files: databricks.files)
    }

    /// Uploads a local file, streaming it from disk, and replaces what is there unless `overwrite` is false.
    public func upload(_ file: URL, to destination: StoragePath, overwrite: Bool = true) async throws {
        try await upload(file, size: try Self.size(of: file, destination: destination), to: destination, overwrite: overwrite)
    }

    func upload(_ file: URL, size: Int64, to destination: StoragePath, overwrite: Bool) async throws {
        do {
            try await backend(for: destination).upload(file, size: size, to: destination.path, overwrite: overwrite)
        } catch {
            throw TransferError(direction: .upload, local: file, remote: destination, underlying: error)
        }
    }

    /// The size of a local file to upload; a file that cannot be read fails as its upload.
    static func size(of file: URL, destination: StoragePath) throws -> Int64 {
        do {
            return try ByteSource.file(file).byteCount()
        } catch {
            throw TransferError(direction: .upload, local: file, remote: destination, underlying: error)
        }
    }

    /// Downloads a file to `file`, which is replaced only once all of it arrived.
    public func download(_ source: StoragePath, to file: URL) async throws {
        do {
            try await backend(for: source).download(source.path, to: file)
        } catch {
            throw TransferError(direction: .download, local: file, remote: source, underlying: error)
        }
    }

    /// The entries in `folder`, and with `recursive` in all its subfolders too, sorted by path.
    public func list(_ folder: StoragePath, recursive: Bool = false) async throws -> [StorageEntry] {
        let backend = backend(for: folder)
        var entries: [StorageEntry] = []
        var pending = [folder]
        while let next = pending.popLast() {
            for entry in try await backend.children(of: next.path) where entry.path != next {
                entries.append(entry)
                if recursive && entry.isDirectory { pending.append(entry.path) }
            }
        }
        return entries.sorted { $0.path < $1.path }
    }

    /// Deletes a file, or a folder and everything in it; a path that does not exist is fine.
    public func delete(_ path: StoragePath) async throws {
        try await backend(for: path).deleteTree(path.path)
    }

    /// Creates a folder and its parents; an existing folder is fine.
    public func makeDirectory(_ folder: StoragePath) async throws {
        try await backend(for: folder).makeDirectory(folder.path)
    }

    private func backend(for path: StoragePath) -> any StorageBackend {
        switch path.store {
        case .dbfs: dbfs
        case .volumes: volumes
        }
    }
}
