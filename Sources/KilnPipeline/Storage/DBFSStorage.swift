import Foundation
import KilnAPI
import Logging

/// Storage over DBFS API 2.0. A file under 2 GB goes in one call, a multipart `put` streamed from
/// disk (as the legacy CLI sends it): a workspace allows 30 DBFS calls a second, and a 20 MB model
/// through a handle would take 22 of them, one after another. A larger file goes through a handle
/// (`create`, `add-block` per 1 MB block read from disk one at a time, `close`). Either way a file
/// of any size costs about 1 MB of memory. Downloads read the file's size first and page through `read`
/// 1 MB at a time up to it, as every official client does, never asking past the end.
struct DBFSStorage: StorageBackend {
    let dbfs: any DBFSService
    /// Whole-file attempts of an upload whose connection broke.
    let uploadAttempts: Int
    /// Files under this size go in one `put`; others through a handle.
    let largestSinglePut: Int64
    let logger: Logger

    static let blockBytes = DBFSLimits.maxBlockBytes

    func upload(_ file: URL, size: Int64, to path: String, overwrite: Bool) async throws {
        try await LegacyDBFSRefusal.explaining(path) { try await send(file, size: size, to: path, overwrite: overwrite) }
    }

    private func send(_ file: URL, size: Int64, to path: String, overwrite: Bool) async throws {
        var attempt = 1
        while true {
            do {
                if size < largestSinglePut {
                    try await dbfs.putFile(file, to: path, overwrite: overwrite)
                } else {
                    try await uploadInBlocks(file, to: path, overwrite: overwrite)
                }
                return
            } catch let error as DatabricksError where overwrite && attempt < uploadAttempts && Self.isWorthRestarting(error) {
                // The client sends a call again only within its retry deadline, and a block never
                // (add-block appends); the whole file can always go again, replacing whatever the
                // broken attempt left.
                attempt += 1
                logger.info(
                    "restarting the upload of \(file.lastPathComponent) to dbfs:\(path) (attempt \(attempt) of \(uploadAttempts)): \(error)"
                )
            }
        }
    }

    /// A break that a new attempt can get past: a lost connection, or a handle that went away.
    private static func isWorthRestarting(_ error: DatabricksError) -> Bool {
        error.code == .connectionLost || error.code == .resourceDoesNotExist
    }

    private func uploadInBlocks(_ file: URL, to path: String, overwrite: Bool) async throws {
        let reader = try FileHandle(forReadingFrom: file)
        defer { try? reader.close() }
        let handle = try await dbfs.create(DBFSCreate(path: path, overwrite: overwrite))
        while let block = try reader.read(upToCount: Self.blockBytes), !block.isEmpty {
            try await dbfs.addBlock(handle: handle, data: block)
        }
        try await dbfs.close(handle: handle)
    }

    func download(_ path: String, to file: URL) async throws {
        try await LegacyDBFSRefusal.explaining(path) { try await receive(path, to: file) }
    }

    private func receive(_ path: String, to file: URL) async throws {
        let status = try await dbfs.status(path)
        guard !status.isDir else {
            throw DatabricksError(.invalidParameterValue, "dbfs:\(path) is a folder, not a file: it cannot be downloaded as one")
        }
        try await PartialFile.replace(file) { writer in
            var offset: Int64 = 0
            while offset < status.fileSize {
                let length = min(Int64(Self.blockBytes), status.fileSize - offset)
                let page = try await dbfs.read(path, offset: offset, length: length)
                guard page.bytesRead > 0 else {
                    throw DatabricksError(
                        .ioError, "dbfs:\(path) ended at byte \(offset) of the \(status.fileSize) its status gave: it changed while read")
                }
                try writer.write(contentsOf: page.data)
                offset += page.bytesRead
            }
        }
    }

    func children(of folder: String) async throws -> [StorageEntry] {
        try await LegacyDBFSRefusal.explaining(folder) { try await dbfs.list(folder) }.map { info in
            StorageEntry(path: StoragePath(store: .dbfs, path: info.path), isDirectory: info.isDir, size: info.fileSize)
        }
    }

    func deleteTree(_ path: String) async throws {
        try await LegacyDBFSRefusal.explaining(path) { try await dbfs.delete(path, recursive: true) }
    }

    func makeDirectory(_ path: String) async throws {
        try await LegacyDBFSRefusal.explaining(path) { try await dbfs.mkdirs(path) }
    }
}
