import Foundation
import Testing

@testable import KilnPipeline

/// A repository folder of its own for one test: `kiln.yml` and the files it names, and a real git
/// repository when the test asks for one.
struct TestRepository: Sendable {
    let folder = TemporaryFolder("kiln-repo")
    var url: URL { folder.url }

    /// The only environment git sees in these tests: no system or global configuration, so the
    /// machine's `user.name` cannot leak in, and a fixed identity for commits.
    /// `TSAN_OPTIONS` passes through, so that a `kiln` of `make test-tsan` keeps the suite's
    /// suppressions.
    static let environment: [String: String] = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_NAME": "Kiln Tests", "GIT_AUTHOR_EMAIL": "tests@kiln.invalid",
        "GIT_COMMITTER_NAME": "Kiln Tests", "GIT_COMMITTER_EMAIL": "tests@kiln.invalid",
    ].merging(ProcessInfo.processInfo.environment.filter { $0.key == "TSAN_OPTIONS" }) { ours, _ in ours }

    static let minimalConfig = """
        job:
          template: databricks/job-template.json
          notebook: run_tests
        """

    static let jobTemplate = """
        {
          "name": "build-{{repo.name}}",
          "tasks": [
            {
              "task_key": "tests",
              "existing_cluster_id": "{{var.cluster_id}}",
              "notebook_task": {
                "notebook_path": "{{build.notebook_path}}",
                "base_parameters": {"run": "{{job.run_id}}", "commit": "{{ git.commit }}"}
              }
            }
          ]
        }
        """

    /// Writes `kiln.yml`, the job template and the notebook it names.
    init(config: String = minimalConfig, template: String = jobTemplate) throws {
        try write("kiln.yml", config)
        try write("databricks/job-template.json", template)
        try write("databricks/run_tests.R", "# Databricks notebook source\nlibrary(testthat)\n")
    }

    /// A repository folder holding just `files`.
    init(files: [String: String]) throws {
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        try folder.write(path, text)
    }

    /// `kiln.yml` as a URL relative to the folder, so that errors name it `kiln.yml`.
    var configFile: URL { URL(fileURLWithPath: KilnConfig.fileName, relativeTo: url) }

    func loadConfig() throws -> KilnConfig {
        try KilnConfig.load(file: configFile, in: url)
    }

    // MARK: - git

    @discardableResult
    func git(_ arguments: String...) async throws -> String {
        try await Git(directory: url, environment: Self.environment).run(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `git init` on `main` and a first commit of everything written so far.
    func initGit() async throws {
        try await git("init", "-q", "-b", "main")
        try await commitAll("Initial commit")
    }

    /// Commits every change in the folder; returns the new commit.
    @discardableResult
    func commitAll(_ message: String) async throws -> String {
        try await git("add", "-A")
        try await git("commit", "-q", "--allow-empty", "-m", message)
        return try await git("rev-parse", "HEAD")
    }

    /// Writes `files` and commits them.
    @discardableResult
    func commit(_ files: [String: String], _ message: String) async throws -> String {
        for (path, text) in files { try write(path, text) }
        return try await commitAll(message)
    }
}
