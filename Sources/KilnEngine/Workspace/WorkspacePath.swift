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

    /// Every folder above `path`, outermost first, without "/".
    static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var current = WorkspacePathText.parent(of: path)
        while current != "/" {
            result.insert(current, at: 0)
            current = WorkspacePathText.parent(of: current)
        }
        return result
    }
}
