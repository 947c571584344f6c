import Foundation
import Testing

@testable import KilnPipeline

extension PipelineTests {
    @Suite("Pipeline: build context")
    struct BuildContextTests {
        static let gitHub = [
            "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "123", "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_REPOSITORY": "contoso/ci-model", "GITHUB_SHA": "0123abc", "GITHUB_HEAD_REF": "feature/x",
            "GITHUB_BASE_REF": "develop", "GITHUB_ACTOR": "octocat",
        ]

        private func resolve(
            _ repository: TestRepository, overrides: BuildContext.Overrides = .init(), ci: [String: String] = [:]
        ) async throws -> BuildContext {
            try await BuildContext.resolve(
                config: repository.loadConfig(), overrides: overrides,
                environment: TestRepository.environment.merging(ci) { _, ci in ci })
        }

        @Test func theConfigNamesTheRepoBeforeTheCI() async throws {
            let repository = try TestRepository(config: "repo: r-model\n" + TestRepository.minimalConfig)
            #expect(try await resolve(repository, ci: Self.gitHub).repo == "r-model")
        }

        @Test func theCINamesTheRepoBeforeGit() async throws {
            let repository = try TestRepository()
            try await repository.initGit()
            try await repository.git("remote", "add", "origin", "https://github.com/contoso/git-model.git")
            #expect(try await resolve(repository, ci: Self.gitHub).repo == "ci-model")
        }

        @Test func gitsOriginNamesTheRepoOutsideACI() async throws {
            let repository = try TestRepository()
            try await repository.initGit()
            try await repository.git("remote", "add", "origin", "git@github.com:contoso/git-model.git")
            #expect(try await resolve(repository).repo == "git-model")
        }

        @Test func theFolderNamesTheRepoWhenGitHasNoOrigin() async throws {
            let repository = try TestRepository()
            try await repository.initGit()
            #expect(try await resolve(repository).repo == repository.url.lastPathComponent)
        }

        @Test(arguments: [
            ("https://github.com/contoso/r-model.git", "r-model"),
            ("https://dev.azure.com/contoso/project/_git/r-model", "r-model"),
            ("git@gitlab.com:contoso/r-model.git", "r-model"),
            ("ssh://git@host:2222/contoso/r-model.git/", "r-model"),
            ("/srv/git/r-model", "r-model"),
        ])
        func readsTheRepoNameOfARemote(_ remote: String, _ name: String) {
            #expect(BuildContext.repositoryName(fromRemote: remote) == name)
        }

        @Test func aRepoNameThatIsNoFolderNameIsRefused() async throws {
            let repository = try TestRepository()
            let ci = ["TF_BUILD": "True", "BUILD_BUILDID": "1", "BUILD_REPOSITORY_NAME": "My Model"]
            await #expect(throws: BuildContextError.unsafeRepoName("My Model", source: "Azure DevOps")) {
                try await resolve(repository, ci: ci)
            }
            #expect(
                BuildContextError.unsafeRepoName("My Model", source: "Azure DevOps").description
                    == "the repository name `My Model` (from Azure DevOps) cannot be a folder name: use letters, digits, "
                    + "`-`, `_` and `.` only (and not `.` or `..`); set `repo:` in kiln.yml")
        }

        @Test func theBuildIDComesFromTheFlagThenTheCIThenTheClock() async throws {
            let repository = try TestRepository(config: "repo: r-model\n" + TestRepository.minimalConfig)

            #expect(try await resolve(repository, overrides: .init(buildID: "pr-7"), ci: Self.gitHub).buildID == "pr-7")
            #expect(try await resolve(repository, ci: Self.gitHub).buildID == "123-1")
            let local = try await resolve(repository).buildID
            #expect(local.wholeMatch(of: /local-\d{8}-\d{6}-[0-9a-f]{4}/) != nil, "\(local)")
        }

        @Test func aLocalBuildIDIsTheUTCTimeAndARandomSuffix() {
            let date = Date(timeIntervalSince1970: 1_796_009_730)  // 2026-11-30 03:35:30 UTC
            let id = BuildContext.localBuildID(at: date)
            #expect(id.wholeMatch(of: /local-20261130-033530-[0-9a-f]{4}/) != nil, "\(id)")
        }

        @Test func aBuildIDThatIsNoFolderNameIsRefused() async throws {
            let repository = try TestRepository(config: "repo: r-model\n" + TestRepository.minimalConfig)
            let error = await #expect(throws: BuildContextError.self) {
                try await resolve(repository, overrides: .init(buildID: "../../etc"))
            }
            #expect(error == .unsafeBuildID("../../etc", source: "--build-id"))
            #expect(
                error?.description == "the build id `../../etc` (from --build-id) cannot be a folder name: use "
                    + "letters, digits, `-`, `_` and `.` only (and not `.` or `..`); pass --build-id")
        }

        @Test func gitGivesTheCommitBranchAndAuthorOutsideACI() async throws {
            let repository = try TestRepository()
            try await repository.initGit()
            try await repository.git("checkout", "-q", "-b", "feature/new-model")
            let head = try await repository.commit(["models/model.rds": "v2"], "New model")
            try await repository.git("config", "user.name", "Ada Lovelace")

            let context = try await resolve(repository)
            #expect(context.commit == head)
            #expect(context.branch == "feature/new-model")
            #expect(context.triggeredBy == "Ada Lovelace")
            #expect(context.ci == nil)
        }

        @Test func theCIWinsOverGit() async throws {
            let repository = try TestRepository()
            try await repository.initGit()
            try await repository.git("config", "user.name", "Ada Lovelace")

            let context = try await resolve(repository, ci: Self.gitHub)
            #expect(context.commit == "0123abc")
            #expect(context.branch == "feature/x")
            #expect(context.triggeredBy == "octocat")
            #expect(context.ci?.system == .gitHubActions)
        }

        @Test func withoutGitTheUserIsTheOperatingSystemsAndThereIsNoCommit() async throws {
            let repository = try TestRepository()
            let context = try await resolve(repository)
            #expect(context.commit == nil)
            #expect(context.branch == nil)
            #expect(context.triggeredBy == NSUserName())
        }

        @Test func theBaseComesFromTheFlagThenTheCIThenTheConfig() async throws {
            let repository = try TestRepository(config: TestRepository.minimalConfig + "\nchanges: { base: main }")

            #expect(try await resolve(repository, overrides: .init(base: "release"), ci: Self.gitHub).baseRef == "release")
            #expect(try await resolve(repository, ci: Self.gitHub).baseRef == "develop")
            #expect(try await resolve(repository).baseRef == "main")
            #expect(try await resolve(TestRepository()).baseRef == nil)
        }

        @Test func theBuildOwnsAFolderPerRepoAndBuild() async throws {
            let repository = try TestRepository(
                config: """
                    repo: r-model
                    storage_root: /Volumes/main/ci/kiln
                    \(TestRepository.minimalConfig)
                    """)
            let context = try await resolve(repository, overrides: .init(buildID: "42"))
            #expect(context.workspaceDir == "/Shared/build/r-model/42")
            #expect(context.storageDir == "/Volumes/main/ci/kiln/r-model/42")
            #expect(context.notebookPath == "/Shared/build/r-model/42/run_tests")
        }
    }
}
