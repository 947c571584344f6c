/// Why the changes against a base could not be found.
public enum ChangeDetectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// None of the refs tried names a commit; in a shallow clone the base was most likely not fetched.
    case baseNotFound(String, tried: [String], shallowClone: Bool)
    /// The base exists but shares no history with HEAD; in a shallow clone the merge base is cut off.
    case noCommonHistory(baseRef: String, shallowClone: Bool)
    case git(GitError)

    public var description: String {
        switch self {
        case .baseNotFound(let base, let tried, let shallow):
            let refs = tried.map { "`\($0)`" }.joined(separator: ", ")
            let branch = base.hasPrefix("origin/") ? String(base.dropFirst("origin/".count)) : base
            return "the base ref `\(base)` was not found (tried \(refs)); fetch it with "
                + "`git fetch origin \(branch)`, or pass --base with a ref that exists"
                + (shallow ? Self.shallowAdvice : "")
        case .noCommonHistory(let baseRef, let shallow):
            return "HEAD and `\(baseRef)` have no commit in common, so the changes of this branch are unknown; "
                + "pass --base with the branch this one started from"
                + (shallow ? Self.shallowAdvice : "")
        case .git(let error):
            return error.description
        }
    }

    private static let shallowAdvice =
        ". This is a shallow clone: fetch the history too "
        + "(`git fetch --unshallow origin`, or `fetch-depth: 0` for actions/checkout, `fetchDepth: 0` in Azure Pipelines)"
}
