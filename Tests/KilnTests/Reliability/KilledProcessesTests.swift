import Foundation
import KilnAPI
import KilnClient
import Testing

@testable import KilnEngine
@testable import KilnPipeline

/// The processes of a build die with SIGKILL at the worst moments: `kiln serve` (the workspace)
/// mid-staging and mid-run, and `kiln build` (the agent) mid-run.
@Suite("reliability: killed processes", .enabled(if: Reliability.enabled), .serialized, .timeLimit(.minutes(10)))
struct KilledProcessesTests {
    /// `kiln build --json` as a child, its output read line by line as it comes.
    final class BuildProcess: @unchecked Sendable {
        let process = Process()
        private let output = Pipe()
        private let errors = Pipe()

        init(_ arguments: [String], environment: [String: String], directory: URL) throws {
            process.executableURL = KilnBinary.url
            process.arguments = arguments
            process.environment = environment
            process.currentDirectoryURL = directory
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        /// Reads the output until a line holds `text`; returns everything read.
        func waitFor(_ text: String) async -> String {
            let read = await readLines(output.fileHandleForReading) { $0.contains(text) }
            SecretSweep.search(read, from: "kiln build, killed")
            return read
        }

        /// Waits for the end; returns the exit status and the rest of the output.
        func finish() async -> (status: Int32, output: String) {
            await withCheckedContinuation { continuation in
                Thread {
                    let rest =
                        self.output.fileHandleForReading.readDataToEndOfFile() + self.errors.fileHandleForReading.readDataToEndOfFile()
                    self.process.waitUntilExit()
                    let text = String(decoding: rest, as: UTF8.self)
                    SecretSweep.search(text, from: "kiln build, killed")
                    continuation.resume(returning: (self.process.terminationStatus, text))
                }.start()
            }
        }
    }

    /// The server dies during staging (phase `staging`) or during the run (`run_started`), and is
    /// started again at once on the same state, port and token.
    @Test(arguments: ["\"event\":\"staging\"", "\"event\":\"run_started\""])
    func theServerKilledMidBuildThenRestarted(_ moment: String) async throws {
        let state = TemporaryFolder("kiln-killed-serve")
        let repository = try await ReliabilityRepository(name: "killed-serve")
        // Enough to stage for a moment: 40 files of 256 KB.
        for index in 0..<40 {
            try repository.example.write("data/extra/part-\(index).csv", String(repeating: "1.5,2.5,3.5,4.5\n", count: 16_384))
        }
        try await repository.example.repository.commitAll("more data")
        var server = try await ServeProcess(state: state.url)
        let home = try WorkspaceHome(host: server.url, token: server.token)
        let build = try BuildProcess(
            ["build", "--force", "--json", "--keep", "--target", "workspace", "--build-id", "killed"], environment: home.environment,
            directory: repository.url)
        _ = await build.waitFor(moment)
        await server.stop(SIGKILL)
        server = try await ServeProcess(state: state.url, port: server.port, token: server.token)
        let (status, output) = await build.finish()
        await server.stop()

        // Finished, or failed as the workspace's failure, saying so.
        print("[measured] kiln serve killed at \(moment): kiln build exited \(status)")
        #expect([0, 4].contains(status), "\(output)")
        if status == 4 {
            #expect(output.contains("engine stopped while this run was active"), "\(output)")
        }
        let engine = try await Engine(state: StateFolder(state.url))
        let runs = try await engine.databricks.jobs.listRuns(RunsListQuery()).runs ?? []
        #expect(runs.count <= 1, "one run at most")
        #expect(runs.allSatisfy { $0.state.lifeCycleState.isTerminal }, "no run is left running")
        // Every file the build staged (it was kept) is there, whole.
        if moment.contains("run_started") || status == 0 {
            for relative in try LocalFiles.relativeFiles(in: repository.url.appendingPathComponent("data")) {
                let status = try await engine.databricks.dbfs.status("/kiln/build/killed-serve/killed/data/\(relative)")
                let size = try FileManager.default.attributesOfItem(atPath: repository.url.appendingPathComponent("data/\(relative)").path)[
                    .size]
                #expect(status.fileSize == (size as? Int64 ?? Int64(size as? Int ?? -1)), "data/\(relative)")
            }
        }
    }

    /// The agent dies while its run is going: the run ends by itself at the build's timeout (the
    /// job's timeout is the build's), and the next build's retention removes what the dead one left.
    @Test func kilnKilledMidRunLeavesNothingRunningAndTheNextBuildClearsIt() async throws {
        let state = TemporaryFolder("kiln-killed-build")
        let repository = try await ReliabilityRepository(
            name: "killed-build", kind: .sleeps,
            settings: ["timeout: 20m": "timeout: 6s", "{ keep_last: 50, max_age_days: 14 }": "{ keep_last: 1, max_age_days: 0 }"])
        let server = try await ServeProcess(state: state.url)
        let home = try WorkspaceHome(host: server.url, token: server.token)
        let build = try BuildProcess(
            ["build", "--force", "--json", "--target", "workspace", "--build-id", "dead"], environment: home.environment,
            directory: repository.url)
        let started = await build.waitFor("\"event\":\"run_started\"")
        kill(build.process.processIdentifier, SIGKILL)
        _ = await build.finish()

        // The run ends by itself, at the job's own timeout; Kiln's waiter sees it end without
        // cancelling it (its own limit is far later).
        let event = try #require(try JSONSerialization.jsonObject(with: Data(started.utf8)) as? [String: Any])
        let runId = try #require((event["run_id"] as? NSNumber)?.int64Value)
        let configuration = try WorkspaceConfiguration(
            host: server.url, credentials: .personalAccessToken(Secret(server.token)), settings: .forTests())
        let ended = try await withDatabricksClient(configuration) { client in
            try await RunWaiter(jobs: client.databricks.jobs).wait(for: runId, timeout: .seconds(90))
        }
        #expect(!ended.timedOut && ended.resultState == .timedOut, "\(ended.run.state)")

        // The next build (fixed) cleans up the dead one's folders by retention: its own run (an R
        // process, seconds) comes first, so the dead run ended longer ago than the 3 s (half the
        // build's timeout) after which a build still `running` is taken for dead.
        try repository.example.write(
            "databricks/run_tests.R",
            try String(contentsOf: Examples.folder("r-model").appendingPathComponent("databricks/run_tests.R"), encoding: .utf8))
        try await repository.example.repository.commitAll("the tests run again")
        let next = try await runProcess(
            KilnBinary.url, ["build", "--force", "--target", "workspace", "--build-id", "next"], environment: home.environment,
            directory: repository.url)
        await server.stop()
        #expect(next.status == 0, "\(next.stdout)\n\(next.stderr)")
        #expect(next.stdout.contains("retention: deleted 1 older build(s): dead"), "\(next.stdout)")
        let engine = try await Engine(state: StateFolder(state.url))
        await expectDatabricksError(.resourceDoesNotExist) {
            _ = try await engine.databricks.workspace.status("/Shared/build/killed-build/dead")
        }
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await engine.databricks.dbfs.status("/kiln/build/killed-build/dead") }
        #expect((try await engine.databricks.jobs.listRuns(RunsListQuery()).runs ?? []).allSatisfy { $0.state.lifeCycleState.isTerminal })
    }
}
