/// What changed between the base and HEAD, and which of it matters for a build.
public struct ChangeReport: Sendable, Hashable {
    /// The ref the base was found as (`main` or `origin/main`).
    public var baseRef: String
    /// The commit HEAD was compared with: the merge base of HEAD and the base, so that what the base
    /// branch gained since the branch started does not count as the branch's change.
    public var comparedWith: String
    /// Every changed file (added, modified, deleted; both names of a rename), relative to the folder
    /// of `kiln.yml`, sorted.
    public var changedFiles: [String]
    /// The changed files that match `changes.paths`.
    public var matchingFiles: [String]

    /// Whether anything relevant changed, so a build is needed.
    public var needsBuild: Bool { !matchingFiles.isEmpty }
}
