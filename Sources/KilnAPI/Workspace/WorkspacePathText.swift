/// The parts of a workspace path (`/Shared/build/repo/42/run_tests`), as every module reads them.
public enum WorkspacePathText {
    /// The folder that holds `path` ("/" for a top-level object).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    public static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? ""
    }
}
