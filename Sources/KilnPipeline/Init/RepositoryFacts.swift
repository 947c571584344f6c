import Foundation

/// What git says about the repository `kiln init` runs in: the name its builds go by and the
/// branch pull requests merge into.
public struct RepositoryFacts: Sendable {
    /// A safe folder name: the origin's name, else the folder's, with anything else made `-`.
    public var name: String
    /// origin's default branch, else `main` or `master` when one exists locally, else `main`.
    public var defaultBranch: String

    public init(name: String, defaultBranch: String) {
        self.name = name
        self.defaultBranch = defaultBranch
    }

    /// Asks git in `root`; a folder that is no git repository gets its own name and `main`.
    public static func detect(in root: URL, environment: [String: String]) async -> RepositoryFacts {
        let git = Git(directory: root, environment: environment)
        let raw =
            await git.answer("remote", "get-url", "origin").map(BuildContext.repositoryName(fromRemote:))
            ?? root.standardizedFileURL.lastPathComponent
        var branch = "main"
        if let head = await git.answer("symbolic-ref", "--short", "refs/remotes/origin/HEAD") {
            branch = String(head.dropFirst("origin/".count))
        } else if await git.answer("rev-parse", "--verify", "--quiet", "refs/heads/main") == nil,
            await git.answer("rev-parse", "--verify", "--quiet", "refs/heads/master") != nil
        {
            branch = "master"
        }
        return RepositoryFacts(name: safeName(raw), defaultBranch: branch)
    }

    /// `my model` → `my-model`: each character `SafeName` refuses becomes `-`.
    static func safeName(_ raw: String) -> String {
        let name = String(raw.map { SafeName.allowed.contains($0) ? $0 : "-" })
        return SafeName.isValid(name) ? name : "repository"
    }
}
