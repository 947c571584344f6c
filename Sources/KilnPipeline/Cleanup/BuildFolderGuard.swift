/// The rule every delete of the pipeline obeys: only a build's own folder, strictly inside
/// `<root>/<repo>/`, with a non-empty repository and build id, is ever deleted.
public enum BuildFolderGuard {
    /// Checks that `path` is `<root>/<repo>/<build>` for non-empty, safe names; returns the path.
    public static func check(_ path: String, root: String, repo: String, build: String) throws(UnsafeDeleteError) -> String {
        func fail(_ reason: String) -> UnsafeDeleteError { UnsafeDeleteError(path: path, reason: reason) }
        for (name, value) in [("repository", repo), ("build id", build)] {
            guard !value.isEmpty else { throw fail("the \(name) is empty") }
            guard value != "." && value != "..", !value.contains("/") else {
                throw fail("the \(name) '\(value)' is not a plain folder name")
            }
        }
        let root = root.hasSuffix("/") ? String(root.dropLast()) : root
        guard !root.isEmpty, root != "/", root != "dbfs:", root != "dbfs:/" else {
            throw fail("the root '\(root)' is the top of the file system")
        }
        let expected = "\(root)/\(repo)/\(build)"
        guard path == expected else { throw fail("it is not \(expected)") }
        guard !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { throw fail("it has relative components") }
        return path
    }
}

/// A delete the guard refused; nothing was deleted.
public struct UnsafeDeleteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String {
        "refusing to delete \(path): \(reason). Kiln deletes only a build's own folder, <root>/<repo>/<build-id>."
    }
}
