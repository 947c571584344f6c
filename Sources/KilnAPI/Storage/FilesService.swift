import Foundation

/// Where the bytes of an upload come from. A file is streamed from disk, never held whole in memory.
public enum ByteSource: Sendable, Hashable {
    case data(Data)
    case file(URL)

    /// The number of bytes the source holds.
    public func byteCount() throws -> Int64 {
        switch self {
        case .data(let data): Int64(data.count)
        case .file(let url):
            (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        }
    }
}

/// What `HEAD /api/2.0/fs/files{path}` tells of a file.
public struct FileMetadata: Sendable, Hashable {
    public var contentLength: Int64
    /// Milliseconds since the epoch.
    public var lastModified: Int64
    public var contentType: String

    public init(contentLength: Int64, lastModified: Int64, contentType: String = "application/octet-stream") {
        self.contentLength = contentLength
        self.lastModified = lastModified
        self.contentType = contentType
    }
}

/// One entry of `GET /api/2.0/fs/directories{path}`. Only `path` is required: an absent
/// `is_directory` reads as false (SDK-go omits it when false), an absent `name` as the path's last
/// component.
public struct DirectoryEntry: Codable, Sendable, Hashable {
    public var path: String
    public var name: String
    public var isDirectory: Bool
    public var fileSize: Int64?
    /// Milliseconds since the epoch.
    public var lastModified: Int64?

    public init(path: String, name: String, isDirectory: Bool, fileSize: Int64?, lastModified: Int64?) {
        self.path = path
        self.name = name
        self.isDirectory = isDirectory
        self.fileSize = fileSize
        self.lastModified = lastModified
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? WorkspacePathText.name(of: path)
        isDirectory = try container.decodeIfPresent(Bool.self, forKey: .isDirectory) ?? false
        fileSize = try container.decodeIfPresent(Int64.self, forKey: .fileSize)
        lastModified = try container.decodeIfPresent(Int64.self, forKey: .lastModified)
    }

    enum CodingKeys: String, CodingKey {
        case path, name
        case isDirectory = "is_directory"
        case fileSize = "file_size"
        case lastModified = "last_modified"
    }
}

/// A page of a directory listing of the Files API.
public struct DirectoryListing: Codable, Sendable, Hashable {
    public var contents: [DirectoryEntry]?
    public var nextPageToken: String?

    public init(contents: [DirectoryEntry], nextPageToken: String?) {
        self.contents = contents.isEmpty ? nil : contents
        self.nextPageToken = nextPageToken
    }

    enum CodingKeys: String, CodingKey {
        case contents
        case nextPageToken = "next_page_token"
    }
}

/// The Files API (`/api/2.0/fs/files`, `/api/2.0/fs/directories`) for Unity Catalog volume paths
/// (`/Volumes/<catalog>/<schema>/<volume>/…`), where teams keep models and test data today.
public protocol FilesService: Sendable {
    func upload(_ path: String, from source: ByteSource, overwrite: Bool) async throws
    /// Streams the file to a local file, replacing it.
    func download(_ path: String, to destination: URL) async throws
    func metadata(_ path: String) async throws -> FileMetadata
    func delete(_ path: String) async throws
    /// Creates the directory and its parents; an existing directory is fine.
    func createDirectory(_ path: String) async throws
    /// Throws `NOT_FOUND` unless `path` is a directory.
    func directoryMetadata(_ path: String) async throws
    func listDirectory(_ path: String, pageSize: Int?, pageToken: String?) async throws -> DirectoryListing
    /// Deletes an empty directory.
    func deleteDirectory(_ path: String) async throws
}

/// The Files API's page size limit.
public enum FilesLimits {
    public static let maxPageSize = 1000
}
