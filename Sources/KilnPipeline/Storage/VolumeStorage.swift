import Foundation
import KilnAPI

/// Storage over the Files API of Unity Catalog volumes: uploads and downloads stream raw bodies,
/// listings follow page tokens, and a folder is deleted from the leaves up (the API deletes only
/// empty directories).
struct VolumeStorage: StorageBackend {
    let files: any FilesService

    func upload(_ file: URL, size: Int64, to path: String, overwrite: Bool) async throws {
        try await files.upload(path, from: .file(file), overwrite: overwrite)
    }

    func download(_ path: String, to file: URL) async throws {
        try await files.download(path, to: file)
    }

    func children(of folder: String) async throws -> [StorageEntry] {
        var entries: [StorageEntry] = []
        var token: String?
        repeat {
            let page = try await files.listDirectory(folder, pageSize: nil, pageToken: token)
            entries += (page.contents ?? []).map { entry in
                let path = entry.path.hasSuffix("/") ? String(entry.path.dropLast()) : entry.path
                return StorageEntry(
                    path: StoragePath(store: .volumes, path: path), isDirectory: entry.isDirectory, size: entry.fileSize ?? 0)
            }
            token = page.nextPageToken
        } while token != nil
        return entries
    }

    func deleteTree(_ path: String) async throws {
        do {
            try await files.directoryMetadata(path)
        } catch let error as DatabricksError where error.code == .notFound {
            try await deleteFile(path)
            return
        }
        for entry in try await children(of: path) {
            if entry.isDirectory {
                try await deleteTree(entry.path.path)
            } else {
                try await deleteFile(entry.path.path)
            }
        }
        try await files.deleteDirectory(path)
    }

    private func deleteFile(_ path: String) async throws {
        do {
            try await files.delete(path)
        } catch let error as DatabricksError where error.code == .notFound {
            // Already gone: deleting is about the end state.
        }
    }

    func makeDirectory(_ path: String) async throws {
        try await files.createDirectory(path)
    }
}
