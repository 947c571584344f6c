/// A file or folder found in storage.
public struct StorageEntry: Sendable, Hashable {
    public var path: StoragePath
    public var isDirectory: Bool
    /// Bytes; 0 for a folder.
    public var size: Int64

    public init(path: StoragePath, isDirectory: Bool, size: Int64) {
        self.path = path
        self.isDirectory = isDirectory
        self.size = size
    }
}
