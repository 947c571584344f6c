import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// The hostile corpus (`Tests/Corpus/`) through `kiln build`, the real binary: each kiln.yml, job
/// template and notebook in it gets a clear error that names the file, the documented exit code,
/// and nothing is written to the workspace; the suite's time limit bounds them all.
@Suite("hostile input: the corpus through kiln build", .timeLimit(.minutes(4)))
struct HostileInputTests {
    static let corpus = Examples.root.deletingLastPathComponent().appendingPathComponent("Tests/Corpus")

    static func cases(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(folder).path)) ?? []).sorted()
    }

    /// Builds `repository` on a fresh engine; returns the result and whether the workspace was touched.
    private func build(_ repository: ExampleRepository) async throws -> (result: ProcessResult, touched: Bool) {
        let state = TemporaryFolder()
        let result = try await runProcess(
            KilnBinary.url, ["build", "--force", "--state", state.path("engine").path], environment: TestRepository.environment,
            directory: repository.url)
        guard FileManager.default.fileExists(atPath: state.path("engine").path) else { return (result, false) }
        let engine = try await Engine(state: StateFolder(state.path("engine")))
        let touched = try await !engine.databricks.workspace.list("/Shared").isEmpty
        return (result, touched)
    }

    private func replacing(_ path: String, with data: Data) async throws -> ExampleRepository {
        let repository = try await ExampleRepository("r-model")
        try data.write(to: repository.url.appendingPathComponent(path))
        return repository
    }

    @Test(arguments: cases("kiln-yml"))
    func aHostileKilnYMLIsRefusedNamingIt(_ name: String) async throws {
        let repository = try await replacing("kiln.yml", with: try Data(contentsOf: Self.corpus.appendingPathComponent("kiln-yml/\(name)")))
        let (result, touched) = try await build(repository)
        #expect(result.status == 3, "\(name): \(result.stderr)")
        #expect(result.stderr.contains("kiln.yml"), "\(name): \(result.stderr)")
        #expect(!touched)
    }

    @Test(arguments: cases("templates"))
    func aHostileJobTemplateIsRefusedNamingIt(_ name: String) async throws {
        let repository = try await replacing(
            "databricks/job-template.json", with: try Data(contentsOf: Self.corpus.appendingPathComponent("templates/\(name)")))
        let (result, touched) = try await build(repository)
        #expect(result.status == 3, "\(name): \(result.stderr)")
        #expect(result.stderr.contains("job-template.json"), "\(name): \(result.stderr)")
        #expect(!touched)
    }

    @Test(arguments: ["binary.py", "latin1.R"])
    func aNotebookNoWorkspaceWouldImportIsRefusedBeforeStaging(_ name: String) async throws {
        let repository = try await replacing(
            "databricks/\(name)", with: try Data(contentsOf: Self.corpus.appendingPathComponent("notebooks/\(name)")))
        let (result, touched) = try await build(repository)
        #expect(result.status == 3, "\(name): \(result.stderr)")
        #expect(result.stderr.contains("databricks/\(name) is not UTF-8 text"), "\(name): \(result.stderr)")
        #expect(!touched)
    }

    @Test func aRunOutsideTheWorkspaceFailsTheRunNamingThePath() async throws {
        let repository = try await ExampleRepository("r-model")
        // R and Python notebooks share the `# MAGIC %run` form: the corpus's notebook becomes the tests notebook.
        try repository.write(
            "databricks/run_tests.R",
            try String(contentsOf: Self.corpus.appendingPathComponent("notebooks/run-outside.py"), encoding: .utf8))
        let (result, _) = try await build(repository)
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("../../../../../etc/passwd"), "\(result.stdout)")
        #expect(!result.stdout.contains("root:x:0:0"), "the file outside was read")
    }

    /// A link to a file inside the repository is staged as that file; a link that leads outside
    /// it (here to a file standing for the agent's secrets) is refused before anything is written.
    @Test func linksAreFollowedInsideTheRepositoryAndRefusedOutsideIt() async throws {
        let inside = try await ExampleRepository("r-model")
        try FileManager.default.createSymbolicLink(
            atPath: inside.url.appendingPathComponent("models/latest.rds").path, withDestinationPath: "model.rds")
        let state = TemporaryFolder()
        let kept = try await runProcess(
            KilnBinary.url, ["build", "--force", "--keep", "--build-id", "linked", "--state", state.path("engine").path],
            environment: TestRepository.environment, directory: inside.url)
        #expect(kept.status == 0, "\(kept.stdout)\n\(kept.stderr)")
        let engine = try await Engine(state: StateFolder(state.path("engine")))
        let staged = try await engine.databricks.dbfs.status("/kiln/build/r-model/linked/models/latest.rds")
        let size =
            try FileManager.default.attributesOfItem(atPath: inside.url.appendingPathComponent("models/model.rds").path)[.size] as? Int
        #expect(staged.fileSize == Int64(size ?? -1))

        let secrets = TemporaryFolder()
        let secret = try secrets.write("credentials", "token = dapi-secret-of-the-agent\n")
        for link in ["models/credentials", "databricks/credentials.py"] {
            let outside = try await ExampleRepository("r-model")
            try FileManager.default.createSymbolicLink(
                atPath: outside.url.appendingPathComponent(link).path, withDestinationPath: secret.path)
            let (result, touched) = try await build(outside)
            #expect(result.status == 3, "\(link): \(result.stderr)")
            #expect(result.stderr.contains("\(link) is a symbolic link to \(secret.path), outside the repository"), "\(result.stderr)")
            #expect(!touched)
            #expect(!(result.stdout + result.stderr).contains("dapi-secret-of-the-agent"))
        }
    }

    /// Sizes past any real file: a 50 MB kiln.yml, an 11 MB notebook, a 50 MB template.
    @Test func oversizedFilesAreRefusedBeforeTheyAreRead() async throws {
        let filler = Data(String(repeating: "# padding padding padding padding padding padding\n", count: 1_048_576).utf8)
        for (path, expected) in [
            ("kiln.yml", "kiln.yml: cannot read the configuration: it is 51200 KB"),
            ("databricks/job-template.json", "job-template.json: cannot read the template: it is 51200 KB"),
            ("databricks/huge.py", "databricks/huge.py is 11 MB; a workspace imports notebooks of at most 10 MB"),
        ] {
            let data = path.hasSuffix(".py") ? Data("# Databricks notebook source\n".utf8) + filler.prefix(11 * 1_048_576) : filler
            let repository = try await replacing(path, with: data)
            let (result, touched) = try await build(repository)
            #expect(result.status == 3, "\(path): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(path): \(result.stderr)")
            #expect(!touched)
        }
    }
}
