import Foundation

/// What one storage API (DBFS, or the Files API of volumes) does for `StorageTransfer`. Paths are
/// the API's own (`StoragePath.path`).
protocol StorageBackend: Sendable {
    func upload(_ file: URL, size: Int64, to path: String, overwrite: Bool) async throws
    /// Writes the file at `path` to `file`, replacing it only once all of it arrived.
    func download(_ path: String, to file: URL) async throws
    /// The entries right inside `folder`.
    func children(of folder: String) async throws -> [StorageEntry]
    /// Deletes a file, or a folder with everything in it; a missing path is fine.
    func deleteTree(_ path: String) async throws
    func makeDirectory(_ path: String) async throws
}
