/// Why a build's identity cannot be used: its repository name or build id would not be a safe folder name.
public enum BuildContextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `source` says where the name came from (`GitHub Actions`, `git remote origin`, `the folder name`).
    case unsafeRepoName(String, source: String)
    /// `source` says where the id came from (`--build-id`, `Jenkins`).
    case unsafeBuildID(String, source: String)

    public var description: String {
        switch self {
        case .unsafeRepoName(let name, let source):
            "the repository name `\(name)` (from \(source)) cannot be a folder name: use \(SafeName.rule); "
                + "set `repo:` in \(KilnConfig.fileName)"
        case .unsafeBuildID(let id, let source):
            "the build id `\(id)` (from \(source)) cannot be a folder name: use \(SafeName.rule); pass --build-id"
        }
    }
}
