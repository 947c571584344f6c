import Foundation
import KilnAPI

/// The Files API over HTTP: raw bodies streamed to and from local files, metadata in headers.
struct RESTFilesService: FilesService {
    let connection: WorkspaceConnection

    /// Repeated only with `overwrite`: without it, a retry of an upload whose answer was lost
    /// would be refused as ALREADY_EXISTS by the upload itself.
    func upload(_ path: String, from source: ByteSource, overwrite: Bool) async throws {
        let body: APIRequest.Body =
            switch source {
            case .data(let data): .bytes(data)
            case .file(let file): .file(file)
            }
        try await connection.send(
            .PUT, Self.files + QueryString.escapePath(path), query: [QueryItem("overwrite", String(overwrite))], body: body,
            repeatable: overwrite)
    }

    func download(_ path: String, to destination: URL) async throws {
        try await connection.send(.GET, Self.files + QueryString.escapePath(path), repeatable: true, download: destination)
    }

    func metadata(_ path: String) async throws -> FileMetadata {
        let response = try await connection.send(.HEAD, Self.files + QueryString.escapePath(path), repeatable: true)
        return FileMetadata(
            contentLength: response.headers.first(name: "Content-Length").flatMap { Int64($0) } ?? 0,
            lastModified: response.headers.first(name: "Last-Modified").flatMap(Self.epochMillis) ?? 0,
            contentType: response.headers.first(name: "Content-Type") ?? "application/octet-stream")
    }

    func delete(_ path: String) async throws {
        try await connection.send(.DELETE, Self.files + QueryString.escapePath(path), repeatable: false)
    }

    func createDirectory(_ path: String) async throws {
        try await connection.send(.PUT, Self.directories + QueryString.escapePath(path), repeatable: true)
    }

    func directoryMetadata(_ path: String) async throws {
        try await connection.send(.HEAD, Self.directories + QueryString.escapePath(path), repeatable: true)
    }

    func listDirectory(_ path: String, pageSize: Int?, pageToken: String?) async throws -> DirectoryListing {
        var query: [QueryItem] = []
        query.add("page_size", pageSize)
        query.add("page_token", pageToken)
        return try await connection.get(Self.directories + QueryString.escapePath(path), query, as: DirectoryListing.self)
    }

    func deleteDirectory(_ path: String) async throws {
        try await connection.send(.DELETE, Self.directories + QueryString.escapePath(path), repeatable: false)
    }

    private static let files = "/api/2.0/fs/files"
    private static let directories = "/api/2.0/fs/directories"

    /// An HTTP date (RFC 7231, `Mon, 30 Nov 2026 03:16:17 GMT`) in milliseconds since the epoch.
    private static func epochMillis(_ header: String) -> Int64? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: header).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }
}
