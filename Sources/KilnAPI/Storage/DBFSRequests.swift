import Foundation

/// The limits of DBFS API 2.0: inline `put` contents, one `add-block` and one `read` are at most 1 MB.
public enum DBFSLimits {
    public static let maxBlockBytes = 1 << 20
    /// The largest file one multipart `put` carries: below it the legacy CLI sends every file so
    /// (`MULTIPART_UPLOAD_LIMIT`), above it through a handle.
    public static let maxMultipartPutBytes: Int64 = 2 << 30
    public static let defaultReadBytes = 512 * 1024
    /// A streaming handle that sees no call for this long is dropped, as on Databricks.
    public static let handleIdleTimeoutSeconds = 600
}

/// `POST /api/2.0/dbfs/put` with inline contents.
public struct DBFSPut: Codable, Sendable, Hashable {
    public var path: String
    public var contents: Data?
    public var overwrite: Bool?
    public init(path: String, contents: Data, overwrite: Bool = false) {
        self.path = path
        self.contents = contents
        self.overwrite = overwrite
    }
}

/// `POST /api/2.0/dbfs/create`.
public struct DBFSCreate: Codable, Sendable, Hashable {
    public var path: String
    public var overwrite: Bool?
    public init(path: String, overwrite: Bool = false) {
        self.path = path
        self.overwrite = overwrite
    }
}

/// `{"handle": …}`: the answer of `dbfs/create` and the request of `dbfs/close`.
public struct DBFSHandle: Codable, Sendable, Hashable {
    public var handle: Int64
    public init(handle: Int64) { self.handle = handle }
}

/// `POST /api/2.0/dbfs/add-block`.
public struct DBFSAddBlock: Codable, Sendable, Hashable {
    public var handle: Int64
    public var data: Data
    public init(handle: Int64, data: Data) {
        self.handle = handle
        self.data = data
    }
}

/// The answer of `GET /api/2.0/dbfs/read`. Both fields may be absent (the docs mark them
/// optional): a read at the end of a file may answer `{}`, which reads as zero bytes.
public struct DBFSReadResult: Codable, Sendable, Hashable {
    public var bytesRead: Int64
    public var data: Data
    public init(bytesRead: Int64, data: Data) {
        self.bytesRead = bytesRead
        self.data = data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bytesRead = try container.decodeIfPresent(Int64.self, forKey: .bytesRead) ?? 0
        data = try container.decodeIfPresent(Data.self, forKey: .data) ?? Data()
    }
    enum CodingKeys: String, CodingKey {
        case bytesRead = "bytes_read"
        case data
    }
}

/// The answer of `GET /api/2.0/dbfs/list`: `files` is absent for an empty folder.
public struct DBFSList: Codable, Sendable, Hashable {
    public var files: [FileInfo]?
    public init(files: [FileInfo]) { self.files = files.isEmpty ? nil : files }
}

/// `POST /api/2.0/dbfs/delete`.
public struct DBFSDelete: Codable, Sendable, Hashable {
    public var path: String
    public var recursive: Bool?
    public init(path: String, recursive: Bool = false) {
        self.path = path
        self.recursive = recursive
    }
}

/// `POST /api/2.0/dbfs/move`.
public struct DBFSMove: Codable, Sendable, Hashable {
    public var sourcePath: String
    public var destinationPath: String
    public init(sourcePath: String, destinationPath: String) {
        self.sourcePath = sourcePath
        self.destinationPath = destinationPath
    }
    enum CodingKeys: String, CodingKey {
        case sourcePath = "source_path"
        case destinationPath = "destination_path"
    }
}
