/// A path in a workspace's storage: a DBFS path (`dbfs:/kiln/build/…`), served by the DBFS API,
/// or a Unity Catalog volume path (`/Volumes/<catalog>/<schema>/<volume>/…`), served by the Files
/// API. Kept normalized (no `.` or `..`, no doubled or trailing `/`), so that "is this path
/// inside that folder" is a prefix test that cleanup can trust.
public struct StoragePath: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Store: Sendable, Hashable {
        case dbfs
        case volumes
    }

    public let store: Store
    /// The absolute path the API takes: `/kiln/build/x` for DBFS, `/Volumes/c/s/v/x` for a volume.
    public let path: String

    public init(_ text: String) throws(StoragePathError) {
        let store: Store
        let rest: String
        if text.hasPrefix("dbfs:") {
            (store, rest) = (.dbfs, String(text.dropFirst("dbfs:".count)))
        } else if text.hasPrefix("/Volumes/") {
            (store, rest) = (.volumes, text)
        } else {
            throw StoragePathError(text, "write dbfs:/… for DBFS or /Volumes/<catalog>/<schema>/<volume>/… for a volume")
        }
        guard rest.hasPrefix("/") else { throw StoragePathError(text, "the path after dbfs: must start with '/'") }
        let segments = try Self.segments(of: rest, in: text)
        if store == .volumes, segments.count < 4 {
            throw StoragePathError(text, "a volume path names at least /Volumes/<catalog>/<schema>/<volume>")
        }
        self.init(store: store, path: "/" + segments.joined(separator: "/"))
    }

    init(store: Store, path: String) {
        self.store = store
        self.path = path
    }

    /// The path of `relative` (`models/model.rds`) below this one.
    public func appending(_ relative: String) throws(StoragePathError) -> StoragePath {
        let segments = try Self.segments(of: relative, in: relative)
        guard !segments.isEmpty else { throw StoragePathError(relative, "there is nothing to append") }
        return StoragePath(store: store, path: (path == "/" ? "" : path) + "/" + segments.joined(separator: "/"))
    }

    /// The last segment.
    public var name: String { path.split(separator: "/").last.map(String.init) ?? "" }

    /// Whether `other` is this path or lies below it.
    public func contains(_ other: StoragePath) -> Bool {
        guard other.store == store else { return false }
        return other.path == path || other.path.hasPrefix(path == "/" ? "/" : path + "/")
    }

    /// The path of `other` below this one (`models/model.rds`), or nil when it is not below.
    public func relativePath(of other: StoragePath) -> String? {
        guard contains(other), other != self else { return nil }
        return String(other.path.dropFirst(path == "/" ? 1 : path.count + 1))
    }

    public var description: String { store == .dbfs ? "dbfs:" + path : path }

    public static func < (lhs: StoragePath, rhs: StoragePath) -> Bool { lhs.description < rhs.description }

    private static func segments(of path: String, in text: String) throws(StoragePathError) -> [Substring] {
        guard !path.contains("\0") else { throw StoragePathError(text, "it contains a NUL character") }
        let segments = path.split(separator: "/")
        if let bad = segments.first(where: { $0 == "." || $0 == ".." }) {
            throw StoragePathError(text, "it contains '\(bad)'; give the path without relative segments")
        }
        return segments
    }
}
