import KilnAPI

/// The rules a workspace path must follow, checked before anything is touched.
enum WorkspacePath {
    /// Paths may carry the `/Workspace` prefix of the workspace's file system view; it names the same object.
    private static let workspacePrefix = "/Workspace"

    /// The canonical form of `path`: absolute, no empty, `.` or `..` components, no trailing slash.
    static func normalize(_ path: String) throws -> String {
        guard path.hasPrefix("/") else {
            throw DatabricksError.invalidParameter("Path (\(path)) is not absolute: workspace paths start with '/'.")
        }
        guard !path.contains("\0") else {
            throw DatabricksError.invalidParameter("Path (\(path)) contains a NUL character.")
        }
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if let bad = components.first(where: { $0 == "." || $0 == ".." }) {
            throw DatabricksError.invalidParameter("Path (\(path)) contains '\(bad)': give the path without relative components.")
        }
        if components.first == String(workspacePrefix.dropFirst()) { components.removeFirst() }
        return "/" + components.joined(separator: "/")
    }

    /// The folder that holds `path` ("/" for a top-level object).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    static func name(of path: String) -> String {
        String(path.split(separator: "/").last ?? "")
    }

    /// Every folder above `path`, outermost first, without "/".
    static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var current = parent(of: path)
        while current != "/" {
            result.insert(current, at: 0)
            current = parent(of: current)
        }
        return result
    }
}
