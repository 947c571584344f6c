/// What the CI system running Kiln says about the build, read from its environment variables.
///
/// Each value is nil when the CI does not say (an empty variable counts as unset: CI systems define
/// variables such as `GITHUB_HEAD_REF` empty when they do not apply). Branch names are plain names
/// (`main`, `feature/x`), never `refs/heads/…`, so they can be used as git refs and shown to people.
public struct CIEnvironment: Sendable, Hashable {
    public enum System: String, Sendable, Hashable, CaseIterable {
        case azureDevOps = "Azure DevOps"
        case gitHubActions = "GitHub Actions"
        case gitLab = "GitLab CI"
        case jenkins = "Jenkins"
    }

    public var system: System
    /// Unique for the build (and its retry, where the CI counts attempts), since it names the build's folders.
    public var buildID: String?
    /// The repository's name, without its owner or project.
    public var repo: String?
    public var commit: String?
    /// The branch being built: the pull request's source branch in a pull request build.
    public var branch: String?
    /// The branch a pull request will merge into; nil for a push build.
    public var targetBranch: String?
    /// The person (or account) the CI ran the build for.
    public var triggeredBy: String?

    public init(
        system: System, buildID: String? = nil, repo: String? = nil, commit: String? = nil, branch: String? = nil,
        targetBranch: String? = nil, triggeredBy: String? = nil
    ) {
        self.system = system
        self.buildID = buildID
        self.repo = repo
        self.commit = commit
        self.branch = branch
        self.targetBranch = targetBranch
        self.triggeredBy = triggeredBy
    }

    /// The CI that `environment` belongs to, or nil when Kiln runs outside a CI.
    public static func detect(in environment: [String: String]) -> CIEnvironment? {
        let variables = Variables(environment)
        if variables["TF_BUILD"]?.lowercased() == "true" { return azureDevOps(variables) }
        if variables["GITHUB_ACTIONS"] == "true" { return gitHubActions(variables) }
        if variables["GITLAB_CI"] == "true" { return gitLab(variables) }
        if variables["JENKINS_URL"] != nil { return jenkins(variables) }
        return nil
    }

    /// In a pull request build, `BUILD_SOURCEBRANCH` is `refs/pull/N/merge`, so the source branch comes
    /// from `SYSTEM_PULLREQUEST_SOURCEBRANCH`; `BUILD_SOURCEBRANCHNAME` is only the last segment of a
    /// branch (`x` for `feature/x`), the last resort. `BUILD_REPOSITORY_NAME` is `owner/name` for GitHub
    /// repositories. `BUILD_BUILDID` stays the same when failed jobs are re-run, so the job's attempt
    /// is part of the build id: a re-run never finds the folders of the attempt before it.
    private static func azureDevOps(_ variables: Variables) -> CIEnvironment {
        CIEnvironment(
            system: .azureDevOps,
            buildID: variables["BUILD_BUILDID"].map { id in variables["SYSTEM_JOBATTEMPT"].map { "\(id)-\($0)" } ?? id },
            repo: variables["BUILD_REPOSITORY_NAME"].map(lastPathComponent),
            commit: variables["BUILD_SOURCEVERSION"],
            branch: variables["SYSTEM_PULLREQUEST_SOURCEBRANCH"].flatMap(branchName)
                ?? variables["BUILD_SOURCEBRANCH"].flatMap(branchName)
                ?? variables["BUILD_SOURCEBRANCHNAME"],
            targetBranch: variables["SYSTEM_PULLREQUEST_TARGETBRANCH"].flatMap(branchName),
            triggeredBy: variables["BUILD_REQUESTEDFOR"])
    }

    /// `GITHUB_RUN_ID` stays the same when a run is re-run, so the attempt is part of the build id.
    /// In a pull request `GITHUB_REF_NAME` is `N/merge`, so `GITHUB_HEAD_REF` comes first.
    private static func gitHubActions(_ variables: Variables) -> CIEnvironment {
        CIEnvironment(
            system: .gitHubActions,
            buildID: variables["GITHUB_RUN_ID"].map { id in variables["GITHUB_RUN_ATTEMPT"].map { "\(id)-\($0)" } ?? id },
            repo: variables["GITHUB_REPOSITORY"].map(lastPathComponent),
            commit: variables["GITHUB_SHA"],
            branch: variables["GITHUB_HEAD_REF"] ?? variables["GITHUB_REF_NAME"],
            targetBranch: variables["GITHUB_BASE_REF"],
            triggeredBy: variables["GITHUB_ACTOR"])
    }

    /// `CI_PIPELINE_ID` is shared by every job of a pipeline and kept when a job is retried;
    /// `CI_JOB_ID` is new each time, so it is part of the build id.
    private static func gitLab(_ variables: Variables) -> CIEnvironment {
        CIEnvironment(
            system: .gitLab,
            buildID: variables["CI_PIPELINE_ID"].map { id in variables["CI_JOB_ID"].map { "\(id)-\($0)" } ?? id },
            repo: variables["CI_PROJECT_NAME"],
            commit: variables["CI_COMMIT_SHA"],
            branch: variables["CI_COMMIT_REF_NAME"],
            targetBranch: variables["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"],
            triggeredBy: variables["GITLAB_USER_LOGIN"])
    }

    /// A multibranch pipeline (`BRANCH_NAME` set) names its jobs `<project>/<branch>` and numbers builds
    /// per branch, so the project is the repository and the branch is part of the build id: build 7 of
    /// `main` and build 7 of `PR-12` must not share a folder. `GIT_BRANCH` is often `origin/<branch>`.
    private static func jenkins(_ variables: Variables) -> CIEnvironment {
        let jobPath = variables["JOB_NAME"]?.split(separator: "/").map(String.init) ?? []
        let multibranch = variables["BRANCH_NAME"]
        let number = variables["BUILD_NUMBER"]
        return CIEnvironment(
            system: .jenkins,
            buildID: number.map { number in
                multibranch.map { "\($0.replacingOccurrences(of: "/", with: "-"))-\(number)" } ?? number
            },
            repo: multibranch != nil && jobPath.count >= 2 ? jobPath[jobPath.count - 2] : jobPath.last,
            commit: variables["GIT_COMMIT"],
            branch: variables["GIT_BRANCH"].map { $0.hasPrefix("origin/") ? String($0.dropFirst("origin/".count)) : $0 }
                ?? multibranch,
            targetBranch: variables["CHANGE_TARGET"],
            triggeredBy: variables["BUILD_USER"] ?? variables["CHANGE_AUTHOR"])
    }

    private static func lastPathComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// `feature/x` for `refs/heads/feature/x`; nil for other refs (`refs/pull/12/merge`, tags).
    private static func branchName(_ ref: String) -> String? {
        let prefix = "refs/heads/"
        if ref.hasPrefix(prefix) { return String(ref.dropFirst(prefix.count)) }
        return ref.hasPrefix("refs/") ? nil : ref
    }

    /// The environment, with empty values read as unset.
    private struct Variables {
        let environment: [String: String]
        init(_ environment: [String: String]) { self.environment = environment }
        subscript(name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
    }
}
