/// The parts of a workspace path the steps need.
enum WorkspacePathText {
    /// The folder that holds `path` ("/" for a top-level object).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? ""
    }
}
