import Foundation

/// DBFS API 2.0: the file store behind `dbfs:/` paths. Paths are absolute DBFS paths (`/tmp/x`);
/// a `dbfs:` prefix is accepted too.
public protocol DBFSService: Sendable {
    /// Writes a whole file of at most 1 MB in one call.
    func put(_ request: DBFSPut) async throws
    /// Writes a local file of less than 2 GB in one call: a `put` with the file attached as
    /// multipart form data, streamed from disk, as the legacy CLI sends files.
    func putFile(_ file: URL, to path: String, overwrite: Bool) async throws
    /// Opens a streaming handle; the file appears at `path` only when the handle is closed.
    func create(_ request: DBFSCreate) async throws -> Int64
    func addBlock(handle: Int64, data: Data) async throws
    func close(handle: Int64) async throws
    /// Reads at most `length` bytes (1 MB at most) from `offset`; zero bytes at the end of the file.
    func read(_ path: String, offset: Int64, length: Int64?) async throws -> DBFSReadResult
    func list(_ path: String) async throws -> [FileInfo]
    func mkdirs(_ path: String) async throws
    func delete(_ path: String, recursive: Bool) async throws
    func status(_ path: String) async throws -> FileInfo
    func move(from source: String, to destination: String) async throws
}
