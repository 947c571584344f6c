import Foundation

/// Repository-relative paths as `kiln init` handles them: `/`-separated, no leading `./`, the
/// root as the empty string.
enum InitPaths {
    /// The folder a flag names, relative to `root`; it must exist inside the repository.
    static func folder(_ value: String, flag: String, in root: URL) throws(InitError) -> String {
        let base = root.standardizedFileURL.path
        let absolute = value.hasPrefix("/") ? URL(fileURLWithPath: value) : root.appendingPathComponent(value)
        let path = absolute.standardizedFileURL.path
        guard path == base || path.hasPrefix(base + "/") else { throw InitError(.outsideRepository(flag: flag, path: value)) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw InitError(.noSuchFolder(flag: flag, path: value))
        }
        return String(path.dropFirst(base.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }

    /// Whether `path` is in `folder` (any depth); everything is in the root.
    static func contains(_ folder: String, _ path: String) -> Bool {
        folder.isEmpty || path.hasPrefix(folder + "/")
    }

    /// Whether one of two folders holds the other (or they are the same).
    static func overlaps(_ a: String, _ b: String) -> Bool {
        a == b || contains(a, b) || contains(b, a)
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : "\(folder)/\(name)"
    }

    /// The glob of everything under `folder`.
    static func glob(_ folder: String) -> String { join(folder, "**") }

    /// `sub/run_tests` for `notebooks/sub/run_tests.R` in `notebooks`: the name it is imported as.
    static func workspaceName(_ path: String, in folder: String) -> String {
        let relative = folder.isEmpty ? path : String(path.dropFirst(folder.count + 1))
        return (relative as NSString).deletingPathExtension
    }
}
