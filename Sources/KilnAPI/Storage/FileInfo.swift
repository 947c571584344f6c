/// A DBFS file or folder as `dbfs/list` and `dbfs/get-status` describe it. Only `path` is
/// required: an absent `is_dir` reads as false, an absent size or time as 0, as in the SDKs.
public struct FileInfo: Codable, Sendable, Hashable {
    public var path: String
    public var isDir: Bool
    public var fileSize: Int64
    /// Milliseconds since the epoch.
    public var modificationTime: Int64

    public init(path: String, isDir: Bool, fileSize: Int64, modificationTime: Int64) {
        self.path = path
        self.isDir = isDir
        self.fileSize = fileSize
        self.modificationTime = modificationTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        isDir = try container.decodeIfPresent(Bool.self, forKey: .isDir) ?? false
        fileSize = try container.decodeIfPresent(Int64.self, forKey: .fileSize) ?? 0
        modificationTime = try container.decodeIfPresent(Int64.self, forKey: .modificationTime) ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case path
        case isDir = "is_dir"
        case fileSize = "file_size"
        case modificationTime = "modification_time"
    }
}
