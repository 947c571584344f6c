import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// `kiln build` as a user runs it: the real binary, exit codes, console output, interruption.
@Suite("kiln build, the command", .timeLimit(.minutes(3)))
struct BuildCommandTests {
    @Test func aFailingTestIsNamedOnTheConsoleAndExitsOne() async throws {
        let repository = try await ExampleRepository("r-model")
        try repository.write(
            "tests/testthat/test-regression.R",
            """
            test_that("the Valiant is predicted within half a mile per gallon", {
              expect_lt(abs(predict_mpg(model, test_data[4, ]) - test_data$mpg[4]), 0.5)
            })
            """)
        let state = TemporaryFolder()
        let result = try await runProcess(
            KilnBinary.url, ["build", "--force", "--state", state.path("engine").path],
            environment: TestRepository.environment, directory: repository.url)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("the_Valiant_is_predicted_within_half_a_mile_per_gallon"))
        #expect(result.stdout.contains("verdict: 1 of 7 tests failed"))
    }

    /// Bad configuration: exit 3, a message naming the file and line, nothing created in the workspace.
    @Test(arguments: [
        ("kiln.yml", "  timeout: 20m", "  timout: 20m", "kiln.yml:25:3"),
        ("kiln.yml", "  template: databricks/job-template.json", "  template: databricks/missing.json", "kiln.yml:14:13"),
        ("databricks/job-template.json", "{{var.cluster_id}}", "{{var.cluster}}", "job-template.json:9:"),
        ("kiln.yml", "  path: \"results/**/*.xml\"", "  path: \"../elsewhere/*.xml\"", "kiln.yml:30:"),
        ("kiln.yml", "repo: r-model", "repo: \"\"", "kiln.yml:5:"),
    ])
    func badConfigurationExitsThreeAndTouchesNothing(file: String, original: String, replacement: String, location: String) async throws {
        let repository = try await ExampleRepository("r-model")
        let url = repository.url.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(original))
        try text.replacingOccurrences(of: original, with: replacement).write(to: url, atomically: true, encoding: .utf8)
        let state = TemporaryFolder()
        let result = try await runProcess(
            KilnBinary.url, ["build", "--force", "--state", state.path("engine").path],
            environment: TestRepository.environment, directory: repository.url)
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains(location), "\(result.stderr)")
        if FileManager.default.fileExists(atPath: state.path("engine").path) {
            let engine = try await Engine(state: StateFolder(state.path("engine")))
            #expect(try await engine.databricks.workspace.list("/Shared").isEmpty)
            #expect(try await engine.databricks.jobs.list(JobsListQuery()).jobs == nil)
        }
    }

    @Test func aWorkspaceTargetWithoutCredentialsExitsThreeSayingWhatIsMissing() async throws {
        let repository = try await ExampleRepository("r-model")
        let home = TemporaryFolder()
        var environment = TestRepository.environment
        environment["HOME"] = home.url.path
        let result = try await runProcess(
            KilnBinary.url, ["build", "--force", "--target", "workspace"], environment: environment, directory: repository.url)
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(
            result.stderr.contains(
                "profile [ci] was asked for by target workspace in kiln.yml, but there is no config file at \(home.url.path)/.databrickscfg"
            ),
            "\(result.stderr)")
    }

    @Test func sigintCancelsTheRunAndCleansUp() async throws {
        let repository = try await ExampleRepository("r-model")
        try repository.write("databricks/run_tests.R", "# Databricks notebook source\nSys.sleep(300)\n")
        let state = TemporaryFolder()
        let process = Process()
        process.executableURL = KilnBinary.url
        process.arguments = ["build", "--force", "--json", "--build-id", "interrupted", "--state", state.path("engine").path]
        process.environment = TestRepository.environment
        process.currentDirectoryURL = repository.url
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = await readLines(output.fileHandleForReading) { $0.contains("\"event\":\"run_started\"") }
        SecretSweep.search(started, from: "kiln build, interrupted")
        #expect(started.contains("run_started"))
        process.interrupt()
        await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit()
                continuation.resume()
            }.start()
        }
        #expect(process.terminationStatus == 2)
        let engine = try await Engine(state: StateFolder(state.path("engine")))
        let runs = try await engine.databricks.jobs.listRuns(RunsListQuery()).runs ?? []
        #expect(runs.first?.state.resultState == .canceled)
        let repo = "r-model"
        await expectDatabricksError(.resourceDoesNotExist) {
            _ = try await engine.databricks.workspace.status("/Shared/build/\(repo)/interrupted")
        }
        // Only the manifest is left, saying how the build ended, for history.
        #expect(
            try await engine.databricks.dbfs.list("/kiln/build/\(repo)/interrupted").map(\.path) == [
                "/kiln/build/\(repo)/interrupted/build.json"
            ])
        let manifest = try await engine.databricks.dbfs.read("/kiln/build/\(repo)/interrupted/build.json", offset: 0, length: nil).data
        #expect(String(decoding: manifest, as: UTF8.self).contains(#""state":"cancelled""#))
    }
}

/// Reads lines from `handle` on a thread of its own until one satisfies `stop`; returns it.
func readLines(_ handle: FileHandle, until stop: @escaping @Sendable (String) -> Bool) async -> String {
    await withCheckedContinuation { continuation in
        Thread {
            var line = ""
            while let byte = try? handle.read(upToCount: 1), !byte.isEmpty {
                if byte.first == UInt8(ascii: "\n") {
                    if stop(line) { break }
                    line = ""
                } else {
                    line += String(decoding: byte, as: UTF8.self)
                }
            }
            continuation.resume(returning: line)
        }.start()
    }
}
