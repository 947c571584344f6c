import Foundation
import KilnAPI

/// The Files API over the same local store as DBFS: a volume path is a DBFS path under `/Volumes`.
final class EngineFiles: FilesService {
    private let store: LocalStore

    init(store: LocalStore) {
        self.store = store
    }

    func upload(_ path: String, from source: ByteSource, overwrite: Bool) async throws {
        let path = try LocalStore.volumePath(path, isDirectory: false)
        switch source {
        case .data(let data): try store.write(data, to: path, overwrite: overwrite, conflict: Self.exists)
        case .file(let url): try store.copy(from: url, to: path, overwrite: overwrite, conflict: Self.exists)
        }
    }

    func download(_ path: String, to destination: URL) async throws {
        let path = try LocalStore.volumePath(path, isDirectory: false)
        guard case .file = store.entry(path) else { throw Self.missing(path) }
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: destination.path) { try fileManager.removeItem(at: destination) }
        try fileManager.copyItem(at: store.url(path), to: destination)
    }

    /// The local file behind a volume path, for the server to stream without copying.
    func localFile(_ path: String) throws -> URL {
        let path = try LocalStore.volumePath(path, isDirectory: false)
        guard case .file = store.entry(path) else { throw Self.missing(path) }
        return store.url(path)
    }

    func metadata(_ path: String) async throws -> FileMetadata {
        let path = try LocalStore.volumePath(path, isDirectory: false)
        guard case .file(let size, let modified) = store.entry(path) else { throw Self.missing(path) }
        return FileMetadata(contentLength: size, lastModified: modified)
    }

    func delete(_ path: String) async throws {
        let path = try LocalStore.volumePath(path, isDirectory: false)
        guard case .file = store.entry(path) else { throw Self.missing(path) }
        try store.remove(path)
    }

    func createDirectory(_ path: String) async throws {
        try store.makeDirectories(try LocalStore.volumePath(path, isDirectory: true), conflict: Self.exists)
    }

    func directoryMetadata(_ path: String) async throws {
        let path = try LocalStore.volumePath(path, isDirectory: true)
        guard case .directory = store.entry(path) else { throw Self.missingDirectory(path) }
    }

    func listDirectory(_ path: String, pageSize: Int?, pageToken: String?) async throws -> DirectoryListing {
        let path = try LocalStore.volumePath(path, isDirectory: true)
        guard case .directory = store.entry(path) else { throw Self.missingDirectory(path) }
        let size = pageSize ?? FilesLimits.maxPageSize
        guard (1...FilesLimits.maxPageSize).contains(size) else {
            throw DatabricksError.invalidParameter("page_size must be between 1 and \(FilesLimits.maxPageSize), not \(size).")
        }
        let children = try store.children(path)
        // The token is the last path of the previous page: pages stay right when entries come and go.
        let start = pageToken.map { token in children.firstIndex(where: { $0 > token }) ?? children.count } ?? 0
        let page = children[start..<min(children.count, start + size)]
        let entries: [DirectoryEntry] = page.compactMap { child in
            switch store.entry(child) {
            case .missing: nil
            case .file(let size, let modified):
                DirectoryEntry(
                    path: child, name: WorkspacePathText.name(of: child), isDirectory: false, fileSize: size, lastModified: modified)
            case .directory(let modified):
                DirectoryEntry(
                    path: child + "/", name: WorkspacePathText.name(of: child), isDirectory: true, fileSize: nil, lastModified: modified)
            }
        }
        let next = start + size < children.count ? page.last : nil
        return DirectoryListing(contents: entries, nextPageToken: next)
    }

    func deleteDirectory(_ path: String) async throws {
        let path = try LocalStore.volumePath(path, isDirectory: true)
        guard case .directory = store.entry(path) else { throw Self.missingDirectory(path) }
        guard try store.children(path).isEmpty else {
            throw DatabricksError(.directoryNotEmpty, "The directory \(path) is not empty: delete its contents first.")
        }
        try store.remove(path)
    }

    static func missing(_ path: String) -> DatabricksError {
        DatabricksError(.notFound, "The file \(path) does not exist.")
    }

    static func missingDirectory(_ path: String) -> DatabricksError {
        DatabricksError(.notFound, "The directory \(path) does not exist.")
    }

    static func exists(_ path: String) -> DatabricksError {
        DatabricksError(.alreadyExists, "A file or directory already exists at \(path); set overwrite=true to replace a file.")
    }
}
