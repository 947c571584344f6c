import Foundation
import Testing

@testable import KilnPipeline

extension PipelineTests {
    @Suite("Pipeline: change detection with git")
    struct ChangeDetectorTests {
        /// A repository whose `main` holds notebooks, a model and docs.
        private func repositoryOnMain() async throws -> TestRepository {
            let repository = try TestRepository()
            try repository.write("models/model.rds", "v1")
            try repository.write("docs/index.md", "# Model")
            try await repository.initGit()
            return repository
        }

        private func detector(_ repository: TestRepository, paths: [String] = ["databricks/**", "models/**"]) throws
            -> ChangeDetector
        {
            ChangeDetector(directory: repository.url, paths: try paths.map { try Glob($0) }, environment: TestRepository.environment)
        }

        @Test func aBranchThatOnlyChangesDocsNeedsNoBuild() async throws {
            let repository = try await repositoryOnMain()
            try await repository.git("checkout", "-q", "-b", "docs-only")
            try await repository.commit(["docs/index.md": "# Model\nMore words."], "Docs")

            let report = try await detector(repository).changes(against: "main")
            #expect(report.changedFiles == ["docs/index.md"])
            #expect(report.matchingFiles.isEmpty)
            #expect(!report.needsBuild)
            #expect(report.baseRef == "main")
        }

        @Test func aBranchThatChangesTheModelNeedsABuild() async throws {
            let repository = try await repositoryOnMain()
            try await repository.git("checkout", "-q", "-b", "new-model")
            try await repository.commit(["models/model.rds": "v2", "docs/index.md": "v2 notes"], "Model v2")

            let report = try await detector(repository).changes(against: "main")
            #expect(report.changedFiles == ["docs/index.md", "models/model.rds"])
            #expect(report.matchingFiles == ["models/model.rds"])
            #expect(report.needsBuild)
        }

        @Test func theMergeBaseIsComparedNotTheHeadOfMain() async throws {
            let repository = try await repositoryOnMain()
            let branchPoint = try await repository.git("rev-parse", "HEAD")
            try await repository.git("checkout", "-q", "-b", "docs-only")
            try await repository.commit(["docs/index.md": "branch docs"], "Docs")
            try await repository.git("checkout", "-q", "main")
            try await repository.commit(["models/model.rds": "v2 on main"], "Model v2 on main")
            try await repository.git("checkout", "-q", "docs-only")

            let report = try await detector(repository).changes(against: "main")
            #expect(report.comparedWith == branchPoint)
            #expect(report.changedFiles == ["docs/index.md"])
            #expect(!report.needsBuild)
        }

        @Test func onTheBaseItselfTheChangeIsTheLastCommit() async throws {
            let repository = try await repositoryOnMain()
            let previous = try await repository.git("rev-parse", "HEAD")
            try await repository.commit(["databricks/run_tests.R": "# changed"], "Notebook")

            let report = try await detector(repository).changes(against: "main")
            #expect(report.comparedWith == previous)
            #expect(report.matchingFiles == ["databricks/run_tests.R"])
        }

        @Test func aRenameCountsBothNames() async throws {
            let repository = try await repositoryOnMain()
            try await repository.git("checkout", "-q", "-b", "archive")
            try FileManager.default.createDirectory(at: repository.folder.path("archive"), withIntermediateDirectories: true)
            try await repository.git("mv", "models/model.rds", "archive/model.rds")
            try await repository.commitAll("Archive the model")

            let report = try await detector(repository).changes(against: "main")
            #expect(report.changedFiles == ["archive/model.rds", "models/model.rds"])
            #expect(report.needsBuild)
        }

        @Test func uncommittedChangesCountWhenAsked() async throws {
            let repository = try await repositoryOnMain()
            try await repository.git("checkout", "-q", "-b", "work")
            try repository.write(".gitignore", "*.log\n")
            try await repository.commitAll("Ignore logs")
            try repository.write("models/model.rds", "edited, not committed")
            try repository.write("databricks/new_notebook.py", "# Databricks notebook source")
            try repository.write("models/train.log", "ignored")

            let committed = try await detector(repository).changes(against: "main")
            #expect(committed.changedFiles == [".gitignore"])
            let withWork = try await detector(repository).changes(against: "main", includeUncommitted: true)
            #expect(withWork.changedFiles == [".gitignore", "databricks/new_notebook.py", "models/model.rds"])
            #expect(withWork.matchingFiles == ["databricks/new_notebook.py", "models/model.rds"])
        }

        @Test func theBaseIsFoundAsARemoteBranch() async throws {
            let origin = try await repositoryOnMain()
            try await origin.git("branch", "develop")
            let clone = TemporaryFolder("kiln-clone")
            try await origin.git("clone", "-q", origin.url.path, clone.url.path)
            let git = Git(directory: clone.url, environment: TestRepository.environment)
            try await git.run(["checkout", "-q", "-b", "feature"])
            try clone.write("models/model.rds", "v2")
            try await git.run(["commit", "-q", "-am", "Model v2"])

            let report = try await ChangeDetector(
                directory: clone.url, paths: [Glob("models/**")], environment: TestRepository.environment
            ).changes(against: "develop")
            #expect(report.baseRef == "origin/develop")
            #expect(report.matchingFiles == ["models/model.rds"])
        }

        @Test func aMissingBaseSaysWhichRefsWereTriedAndWhatToDo() async throws {
            let repository = try await repositoryOnMain()
            let error = await #expect(throws: ChangeDetectionError.self) {
                try await detector(repository).changes(against: "release")
            }
            #expect(error == .baseNotFound("release", tried: ["release", "origin/release"], shallowClone: false))
            #expect(
                error?.description == "the base ref `release` was not found (tried `release`, `origin/release`); "
                    + "fetch it with `git fetch origin release`, or pass --base with a ref that exists")
        }

        @Test func aShallowCloneWithoutTheBaseSaysToFetchHistory() async throws {
            let origin = try await repositoryOnMain()
            try await origin.git("checkout", "-q", "-b", "feature")
            try await origin.commit(["models/model.rds": "v2"], "Model v2")
            let clone = TemporaryFolder("kiln-shallow")
            try await origin.git(
                "clone", "-q", "--depth", "1", "--single-branch", "--branch", "feature", "file://\(origin.url.path)",
                clone.url.path)

            let error = await #expect(throws: ChangeDetectionError.self) {
                try await ChangeDetector(directory: clone.url, paths: [], environment: TestRepository.environment)
                    .changes(against: "main")
            }
            #expect(error == .baseNotFound("main", tried: ["main", "origin/main"], shallowClone: true))
            #expect(
                error?.description.hasSuffix(
                    ". This is a shallow clone: fetch the history too "
                        + "(`git fetch --unshallow origin`, or `fetch-depth: 0` for actions/checkout, `fetchDepth: 0` in "
                        + "Azure Pipelines)") == true)
        }

        @Test func pathsAreRelativeToTheFolderOfKilnYml() async throws {
            let repository = try await repositoryOnMain()
            try await repository.git("checkout", "-q", "-b", "nested")
            try await repository.commit(["ml/models/model.rds": "nested model", "other/models/x.rds": "x"], "Nested")

            let report = try await ChangeDetector(
                directory: repository.folder.path("ml"), paths: [Glob("models/**")], environment: TestRepository.environment
            ).changes(against: "main")
            #expect(report.changedFiles == ["models/model.rds"])
            #expect(report.needsBuild)
        }
    }
}
