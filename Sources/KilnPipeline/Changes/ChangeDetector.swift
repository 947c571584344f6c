import Foundation

/// Decides whether a build is needed: which files changed on this branch, by real git, and which of
/// them match `changes.paths`.
///
/// The branch's changes are `git diff <merge-base> HEAD`, where the merge base is that of HEAD and
/// the base ref: comparing with the base's head would count what the base gained since the branch
/// started. When HEAD is on the base itself (a push build of `main`), the merge base is HEAD, and the
/// change is HEAD's own commit (the whole pull request, for a merge commit); a root commit, or a shallow
/// clone cut at HEAD, then counts every file as changed, so an unknown change builds.
public struct ChangeDetector: Sendable {
    public var directory: URL
    public var paths: [Glob]
    public var environment: [String: String]

    /// - Parameters:
    ///   - directory: the folder of `kiln.yml`; changed paths are relative to it, as the patterns are.
    ///   - paths: `changes.paths`.
    ///   - environment: the environment git runs with.
    public init(directory: URL, paths: [Glob], environment: [String: String]) {
        self.directory = directory
        self.paths = paths
        self.environment = environment
    }

    /// The changes of HEAD against `base` (tried as given, then as `origin/<base>`); with
    /// `includeUncommitted`, staged, unstaged and untracked (not ignored) files count too.
    public func changes(against base: String, includeUncommitted: Bool = false)
        async throws(ChangeDetectionError) -> ChangeReport
    {
        let git = Git(directory: directory, environment: environment)
        // HEAD is asked while the base is looked for; when it cannot be answered, asked again for git's error.
        async let headAnswer = git.answer("rev-parse", "--verify", "HEAD")
        let (baseRef, baseCommit) = try await resolve(base, git: git)
        let head: String
        let mergeBase: Git.Outcome
        do throws(GitError) {
            head = if let answer = await headAnswer { answer } else { try await git.run(["rev-parse", "--verify", "HEAD"]).trimmed }
            mergeBase = try await git.outcome(["merge-base", baseCommit, head])
        } catch {
            throw .git(error)
        }
        guard mergeBase.succeeded else {
            throw .noCommonHistory(baseRef: baseRef, shallowClone: await isShallow(git))
        }
        do throws(GitError) {
            let comparedWith =
                mergeBase.output.trimmed == head
                ? try await parentOrEmptyTree(of: head, git: git) : mergeBase.output.trimmed
            let diff = ["diff", "--name-only", "-z", "--no-renames", "--relative"]
            var files = try await names(git, diff + [comparedWith, head])
            if includeUncommitted {
                files += try await names(git, diff + ["HEAD"])
                files += try await names(git, ["ls-files", "-z", "--others", "--exclude-standard"])
            }
            let changed = Set(files).sorted()
            return ChangeReport(
                baseRef: baseRef, comparedWith: comparedWith, changedFiles: changed,
                matchingFiles: changed.filter { file in paths.contains { $0.matches(file) } })
        } catch {
            throw .git(error)
        }
    }

    /// The first of `base`, `origin/<base>` that names a commit, and that commit.
    private func resolve(_ base: String, git: Git) async throws(ChangeDetectionError) -> (ref: String, commit: String) {
        let candidates = base.hasPrefix("origin/") ? [base] : [base, "origin/\(base)"]
        for ref in candidates {
            if let commit = await git.answer("rev-parse", "--verify", "--quiet", "\(ref)^{commit}") {
                return (ref, commit)
            }
        }
        throw .baseNotFound(base, tried: candidates, shallowClone: await isShallow(git))
    }

    private func parentOrEmptyTree(of commit: String, git: Git) async throws(GitError) -> String {
        if let parent = await git.answer("rev-parse", "--verify", "--quiet", "\(commit)^1^{commit}") { return parent }
        return try await git.run(["hash-object", "-t", "tree", "/dev/null"]).trimmed
    }

    private func isShallow(_ git: Git) async -> Bool {
        await git.answer("rev-parse", "--is-shallow-repository") == "true"
    }

    private func names(_ git: Git, _ arguments: [String]) async throws(GitError) -> [String] {
        try await git.run(arguments).split(separator: "\0").map(String.init)
    }
}
