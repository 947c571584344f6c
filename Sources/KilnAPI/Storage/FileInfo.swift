/// A DBFS file or folder as `dbfs/list` and `dbfs/get-status` describe it.
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

    enum CodingKeys: String, CodingKey {
        case path
        case isDir = "is_dir"
        case fileSize = "file_size"
        case modificationTime = "modification_time"
    }
}
