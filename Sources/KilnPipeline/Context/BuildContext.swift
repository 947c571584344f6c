import Foundation

/// Who and what a build is: the repository, the build id, the commit and branch, the base to compare
/// with, who started it, and the folders it owns. Every step and template reads these from here.
///
/// Each value is resolved once, by the first source that has it: the command line, else the CI,
/// else `kiln.yml` or git, else a default (see `resolve`).
public struct BuildContext: Sendable, Hashable {
    public var repo: String
    public var buildID: String
    /// nil outside a git repository with no CI to say.
    public var commit: String?
    /// nil on a detached HEAD with no CI to say.
    public var branch: String?
    /// The ref the change filter compares with; nil when neither `--base`, the CI nor `changes.base`
    /// names one, and then nothing can be compared: the build is needed.
    public var baseRef: String?
    public var triggeredBy: String
    /// The CI running the build, nil for a local run.
    public var ci: CIEnvironment?
    /// `<workspace_root>/<repo>/<build-id>`: where the notebooks are imported.
    public var workspaceDir: String
    /// `<storage_root>/<repo>/<build-id>`: where the artifacts are copied and the tests write results.
    public var storageDir: String
    /// The workspace path of the notebook the job runs (`<workspaceDir>/<job.notebook>`).
    public var notebookPath: String

    /// What the command line says, which wins over everything else.
    public struct Overrides: Sendable, Hashable {
        /// `--build-id`
        public var buildID: String?
        /// `--base`
        public var base: String?

        public init(buildID: String? = nil, base: String? = nil) {
            self.buildID = buildID
            self.base = base
        }
    }

    /// Resolves the context of a build of the repository `config` belongs to.
    ///
    /// - repo: `kiln.yml`, else the CI, else the last path component of `git remote get-url origin`
    ///   (without `.git`), else the name of the folder of `kiln.yml`.
    /// - build id: `--build-id`, else the CI, else `local-<UTC date>-<time>-<4 hex digits>`.
    /// - commit and branch: the CI, else git.
    /// - base: `--base`, else the CI's target branch, else `changes.base`.
    /// - triggered by: the CI, else `git config user.name`, else the operating system's user.
    ///
    /// `environment` is the process environment (passed in, so tests choose it); git runs with it too.
    public static func resolve(
        config: KilnConfig, overrides: Overrides = Overrides(), environment: [String: String], now: Date = Date()
    ) async throws(BuildContextError) -> BuildContext {
        let ci = CIEnvironment.detect(in: environment)
        let git = Git(directory: config.directory, environment: environment)
        // What the CI does not say, git does: its answers are asked at once (each git is a process
        // start, and `kiln changes` with nothing to build is all start-up).
        async let gitCommit = ci?.commit == nil ? git.answer("rev-parse", "HEAD") : nil
        async let gitBranch = ci?.branch == nil ? git.answer("symbolic-ref", "--short", "-q", "HEAD") : nil
        async let gitUser = ci?.triggeredBy == nil ? git.answer("config", "user.name") : nil
        let repo = try await repoName(config: config, ci: ci, git: git)
        let buildID = try buildID(overrides: overrides, ci: ci, now: now)
        let commit = if let commit = ci?.commit { commit } else { await gitCommit }
        let branch = if let branch = ci?.branch { branch } else { await gitBranch }
        let user = if let user = ci?.triggeredBy { user } else { await gitUser }
        let folder = "\(repo)/\(buildID)"
        let workspaceDir = "\(config.workspaceRoot)/\(folder)"
        return BuildContext(
            repo: repo,
            buildID: buildID,
            commit: commit,
            branch: branch,
            baseRef: baseRef(config: config, overrides: overrides, ci: ci),
            triggeredBy: user ?? operatingSystemUser,
            ci: ci,
            workspaceDir: workspaceDir,
            storageDir: "\(config.storageRoot)/\(folder)",
            notebookPath: "\(workspaceDir)/\(config.job.notebook)")
    }

    /// The ref a change is compared with: `--base`, else the CI's target branch, else
    /// `changes.base`. Known without git, so `kiln changes` compares while git answers the rest.
    public static func baseRef(config: KilnConfig, overrides: Overrides, ci: CIEnvironment?) -> String? {
        overrides.base ?? ci?.targetBranch ?? config.changes.base
    }

    private static func repoName(config: KilnConfig, ci: CIEnvironment?, git: Git)
        async throws(BuildContextError) -> String
    {
        if let name = config.repo { return name }
        let (name, source): (String, String)
        if let ci, let fromCI = ci.repo {
            (name, source) = (fromCI, ci.system.rawValue)
        } else if let remote = await git.answer("remote", "get-url", "origin") {
            (name, source) = (repositoryName(fromRemote: remote), "git remote origin")
        } else {
            (name, source) = (config.directory.standardizedFileURL.lastPathComponent, "the folder name")
        }
        guard SafeName.isValid(name) else { throw .unsafeRepoName(name, source: source) }
        return name
    }

    private static func buildID(overrides: Overrides, ci: CIEnvironment?, now: Date) throws(BuildContextError) -> String {
        let (id, source): (String, String)
        if let flag = overrides.buildID {
            (id, source) = (flag, "--build-id")
        } else if let ci, let fromCI = ci.buildID {
            (id, source) = (fromCI, ci.system.rawValue)
        } else {
            return localBuildID(at: now)
        }
        guard SafeName.isValid(id) else { throw .unsafeBuildID(id, source: source) }
        return id
    }

    /// `r-model` for `https://github.com/org/r-model.git`, `git@host:org/r-model.git` or `/srv/r-model/`.
    static func repositoryName(fromRemote remote: String) -> String {
        let last = remote.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? remote
        return last.hasSuffix(".git") ? String(last.dropLast(".git".count)) : last
    }

    /// `local-20261130-031530-4f2a`: sortable by time, and random enough that two runs started in the
    /// same second on one machine do not share a folder.
    static func localBuildID(at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
            parts.second!)
        return "local-\(stamp)-\(String(format: "%04x", UInt16.random(in: .min ... .max)))"
    }

    private static var operatingSystemUser: String {
        let user = NSUserName()
        return user.isEmpty ? "unknown" : user
    }
}
