/// Resolves `%run` targets as the notebook runtime does: relative to the calling notebook's folder.
enum NotebookPath {
    /// The absolute path, with no `.` or `..` left, that `target` names when it is written in the
    /// notebook at `callerPath`; nil when `..` climbs above the workspace root.
    ///
    /// A target without a leading `/` is relative, `x` alone as much as `./x`.
    static func resolve(_ target: String, from callerPath: String) -> String? {
        var components = target.hasPrefix("/") ? [] : callerPath.split(separator: "/").dropLast()
        for component in target.split(separator: "/") {
            switch component {
            case ".":
                continue
            case "..":
                guard components.popLast() != nil else { return nil }
            default:
                components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
