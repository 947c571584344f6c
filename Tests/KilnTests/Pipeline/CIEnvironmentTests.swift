import KilnPipeline
import Testing

extension PipelineTests {
    @Suite("Pipeline: CI detection")
    struct CIEnvironmentTests {
        struct Case: CustomTestStringConvertible, Sendable {
            var label: String
            var environment: [String: String]
            var expected: CIEnvironment
            var testDescription: String { label }
        }

        static let cases = [
            Case(
                label: "Azure DevOps pull request",
                environment: [
                    "TF_BUILD": "True", "BUILD_BUILDID": "4711", "SYSTEM_JOBATTEMPT": "2", "BUILD_REPOSITORY_NAME": "r-model",
                    "BUILD_SOURCEVERSION": "abc123", "BUILD_SOURCEBRANCH": "refs/pull/12/merge",
                    "BUILD_SOURCEBRANCHNAME": "merge", "SYSTEM_PULLREQUEST_SOURCEBRANCH": "refs/heads/feature/new-model",
                    "SYSTEM_PULLREQUEST_TARGETBRANCH": "refs/heads/main", "BUILD_REQUESTEDFOR": "Ada Lovelace",
                ],
                expected: CIEnvironment(
                    system: .azureDevOps, buildID: "4711-2", repo: "r-model", commit: "abc123",
                    branch: "feature/new-model", targetBranch: "main", triggeredBy: "Ada Lovelace")),
            Case(
                label: "Azure DevOps push of a GitHub repository",
                environment: [
                    "TF_BUILD": "True", "BUILD_BUILDID": "4712", "BUILD_REPOSITORY_NAME": "contoso/r-model",
                    "BUILD_SOURCEVERSION": "def456", "BUILD_SOURCEBRANCH": "refs/heads/release/1.0",
                    "BUILD_SOURCEBRANCHNAME": "1.0", "SYSTEM_PULLREQUEST_TARGETBRANCH": "",
                ],
                expected: CIEnvironment(
                    system: .azureDevOps, buildID: "4712", repo: "r-model", commit: "def456", branch: "release/1.0")),
            Case(
                label: "GitHub Actions pull request",
                environment: [
                    "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "9876543210", "GITHUB_RUN_ATTEMPT": "2",
                    "GITHUB_REPOSITORY": "contoso/r-model", "GITHUB_SHA": "abc123", "GITHUB_REF_NAME": "12/merge",
                    "GITHUB_HEAD_REF": "feature/x", "GITHUB_BASE_REF": "main", "GITHUB_ACTOR": "octocat",
                ],
                expected: CIEnvironment(
                    system: .gitHubActions, buildID: "9876543210-2", repo: "r-model", commit: "abc123",
                    branch: "feature/x", targetBranch: "main", triggeredBy: "octocat")),
            Case(
                label: "GitHub Actions push",
                environment: [
                    "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "42", "GITHUB_REPOSITORY": "contoso/r-model",
                    "GITHUB_SHA": "abc123", "GITHUB_REF_NAME": "main", "GITHUB_HEAD_REF": "", "GITHUB_BASE_REF": "",
                ],
                expected: CIEnvironment(
                    system: .gitHubActions, buildID: "42", repo: "r-model", commit: "abc123", branch: "main")),
            Case(
                label: "GitLab merge request",
                environment: [
                    "GITLAB_CI": "true", "CI_PIPELINE_ID": "555", "CI_JOB_ID": "8812", "CI_PROJECT_NAME": "r-model",
                    "CI_COMMIT_SHA": "abc123", "CI_COMMIT_REF_NAME": "feature/x",
                    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "GITLAB_USER_LOGIN": "ada",
                ],
                expected: CIEnvironment(
                    system: .gitLab, buildID: "555-8812", repo: "r-model", commit: "abc123", branch: "feature/x",
                    targetBranch: "main", triggeredBy: "ada")),
            Case(
                label: "Jenkins multibranch pull request",
                environment: [
                    "JENKINS_URL": "https://ci.example.com/", "BUILD_NUMBER": "7", "JOB_NAME": "contoso/r-model/PR-12",
                    "BRANCH_NAME": "PR-12", "GIT_COMMIT": "abc123", "CHANGE_TARGET": "main", "CHANGE_AUTHOR": "ada",
                ],
                expected: CIEnvironment(
                    system: .jenkins, buildID: "PR-12-7", repo: "r-model", commit: "abc123", branch: "PR-12",
                    targetBranch: "main", triggeredBy: "ada")),
            Case(
                label: "Jenkins freestyle job",
                environment: [
                    "JENKINS_URL": "https://ci.example.com/", "BUILD_NUMBER": "31", "JOB_NAME": "r-model",
                    "GIT_COMMIT": "abc123", "GIT_BRANCH": "origin/main", "BUILD_USER": "Ada Lovelace",
                ],
                expected: CIEnvironment(
                    system: .jenkins, buildID: "31", repo: "r-model", commit: "abc123", branch: "main",
                    triggeredBy: "Ada Lovelace")),
        ]

        @Test(arguments: cases)
        func detects(_ test: Case) {
            #expect(CIEnvironment.detect(in: test.environment) == test.expected)
        }

        @Test func noCIOnADeveloperMachine() {
            #expect(CIEnvironment.detect(in: ["HOME": "/home/ada", "PATH": "/usr/bin", "TF_BUILD": "False"]) == nil)
            #expect(CIEnvironment.detect(in: [:]) == nil)
        }
    }
}
