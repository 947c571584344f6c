import Foundation
import KilnAPI
import KilnClient
import KilnPipeline
import Testing

@testable import KilnEngine

/// Retries a CI job can rely on, against `kiln serve` with injected faults: what may be repeated
/// is repeated until it succeeds or its deadline passes, and nothing else is repeated.
///
/// Serialized, and with time bounds that hold on a loaded machine: some tests are about time.
@Suite("Client: retries and faults", .serialized, .timeLimit(.minutes(3)))
struct RetryTests {
    /// 30% of every call fails: 10% with 429 (Retry-After 0), 10% with 503, 10% with the connection
    /// dropped before an answer. Staging 200 files to both stores, creating the job and running it
    /// still succeed, with one job, one run and every byte in place.
    @Test func stagingAndARunSurviveThirtyPercentFaults() async throws {
        let faults = "429:0@0.1,503@0.1,reset@0.1,seed=11"
        try await ServerFixture.run(faults: faults, executor: ScriptedExecutor()) { api in
            let log = LogCapture()
            let folder = TemporaryFolder("kiln-faults")
            var files: [StagedFile] = []
            for index in 0..<200 {
                // Mostly small files, and every 40th over 1 MB, which DBFS takes in blocks.
                let size = index.isMultiple(of: 40) ? DBFSLimits.maxBlockBytes + 500 * index : (index * 7919) % 60_000
                let local = folder.path("f\(index).bin")
                try Data.sample(size, seed: UInt8(index % 251)).write(to: local)
                let root = index.isMultiple(of: 2) ? "dbfs:/kiln/build/r-model/1" : "/Volumes/main/default/kiln/build/r-model/1"
                files.append(StagedFile(source: local, destination: try StoragePath(root).appending("data/f\(index).bin")))
            }
            let started = ContinuousClock.now
            let runId = try await api.withClient(.forTests(retryTimeout: .seconds(60)), logger: log.logger()) { client in
                let staged = try await StorageTransfer(client.databricks, parallelism: 8, uploadAttempts: 10).stage(files)
                #expect(staged.filesDone == 200)
                let jobId = try await Self.ensureJob(.scripted("build-r-model", [("tests", "exit-ok", [])]), jobs: client.databricks.jobs)
                let runId = try await client.databricks.jobs.runNow(RunNow(jobId: jobId)).runId
                let finished = try await RunWaiter(
                    jobs: client.databricks.jobs, polling: RunPolling(initialInterval: .milliseconds(5), maximumInterval: .milliseconds(50))
                )
                .wait(for: runId, timeout: .seconds(60))
                #expect(finished.succeeded)
                return runId
            }
            let elapsed = ContinuousClock.now - started

            for file in files {
                let stored =
                    file.destination.store == .dbfs
                    ? try api.engine.localURL(forDBFSPath: file.destination.path)
                    : try api.engine.localFile(forVolumePath: file.destination.path)
                #expect(try Data(contentsOf: stored) == Data(contentsOf: file.source), "\(file.destination)")
            }
            let engineJobs = api.engine.databricks.jobs
            #expect(try await engineJobs.list(JobsListQuery(name: "build-r-model")).jobs?.count == 1)
            #expect(try await engineJobs.listRuns(RunsListQuery()).runs?.map(\.runId) == [runId])

            let answered = log.lines(containing: " → ")
            let retried = log.lines(containing: ": retrying in ").count
            let throttled = answered.filter { $0.contains(" → 429 ") }.count
            let unavailable = answered.filter { $0.contains(" → 503 ") }.count
            let dropped = answered.count - answered.filter { $0.contains(" → 2") || $0.contains(" → 4") || $0.contains(" → 5") }.count
            let restarts = log.lines(containing: "restarting the upload").count
            print(
                "[measured] 200 files staged + job + run under '\(faults)': \(answered.count) attempts, \(retried) retries "
                    + "(\(throttled) × 429, \(unavailable) × 503, \(dropped) dropped connections), \(restarts) DBFS block uploads restarted, in \(elapsed)"
            )
            #expect(throttled > 0 && unavailable > 0 && dropped > 0, "the faults were not injected")
            #expect(retried >= throttled + unavailable)
        }
    }

    /// Creates the job unless one of that name exists, as the pipeline's configure step does: a
    /// create whose connection broke may have made the job, so the name is looked up before
    /// creating again.
    static func ensureJob(_ settings: JobSettings, jobs: any JobsService) async throws -> Int64 {
        for _ in 1...10 {
            if let existing = try await jobs.list(JobsListQuery(name: settings.name)).jobs?.first { return existing.jobId }
            do {
                return try await jobs.create(settings)
            } catch let error as DatabricksError where error.code == .connectionLost {
                continue
            }
        }
        throw DatabricksError(.connectionLost, "jobs/create kept losing its connection")
    }

    @Test(arguments: [
        (
            "503@1", ErrorCode.temporarilyUnavailable, 503,
            "last answer: 503 TEMPORARILY_UNAVAILABLE: The service is temporarily unavailable: injected fault."
        ),
        ("429:0@1", ErrorCode.requestLimitExceeded, 429, "last answer: 429 REQUEST_LIMIT_EXCEEDED: Too many requests: injected fault."),
        ("reset@1", ErrorCode.connectionFailed, 0, "last error: the server closed the connection before answering (http://127.0.0.1:"),
    ])
    func aCallGivesUpAtItsDeadline(_ faults: String, _ code: ErrorCode, _ status: Int, _ last: String) async throws {
        try await ServerFixture.run(faults: faults) { api in
            let started = ContinuousClock.now
            let settings = ClientSettings.forTests(retryTimeout: .seconds(2))
            let error = await expectDatabricksError(code) {
                try await api.withClient(settings) { client in _ = try await client.databricks.workspace.list("/Shared") }
            }
            let elapsed = ContinuousClock.now - started
            let message = try #require(error?.message)
            #expect(error?.status == status)
            #expect(message.hasPrefix("GET /api/2.0/workspace/list failed "))
            #expect(message.contains("its retry deadline of 2.0 s does not allow another attempt"))
            #expect(message.contains(last))
            let attempts = try #require(Int(message.split(separator: " ")[3]))
            // It never gives up early: it tried again until the next wait would pass the deadline
            // (on a loaded machine one slow attempt may use up the whole deadline by itself).
            #expect(elapsed >= settings.retryTimeout - settings.maximumBackoff)
            #expect(attempts > 1 || elapsed >= settings.retryTimeout)
            print("[measured] '\(faults)': gave up after \(attempts) attempts in \(elapsed)")
        }
    }

    /// With `Retry-After: 1` on every answer, a 2.5-second deadline leaves room for three attempts
    /// at most, where the client's own backoff (5 ms and up) would have made dozens.
    @Test func retryAfterIsHonoured() async throws {
        try await ServerFixture.run(faults: "429:1@1") { api in
            let error = await expectDatabricksError(.requestLimitExceeded) {
                try await api.withClient(.forTests(retryTimeout: .milliseconds(2500))) { client in
                    _ = try await client.databricks.clusters.get(clusterId: "x")
                }
            }
            let message = try #require(error?.message)
            #expect(message.hasPrefix("GET /api/2.1/clusters/get failed "))
            #expect((1...3).contains(try #require(Int(message.split(separator: " ")[3]))), "\(message)")
        }
    }

    @Test func aRefusedConnectionIsRetriedUntilTheDeadline() async throws {
        let configuration = try WorkspaceConfiguration(
            host: "http://127.0.0.1:1", credentials: .personalAccessToken(Secret("dapi")),
            settings: .forTests(retryTimeout: .milliseconds(500)))
        let error = await expectDatabricksError(.connectionFailed) {
            // A refused connection never carried the request: even a create is tried again.
            try await withDatabricksClient(configuration) { client in _ = try await client.databricks.jobs.create(JobSettings(name: "x")) }
        }
        #expect(error?.status == 0)
        #expect(error?.message.hasPrefix("POST /api/2.1/jobs/create failed ") == true)
        #expect(error?.message.hasSuffix("last error: connection refused (http://127.0.0.1:1)") == true, "\(error?.message ?? "")")
    }

    /// A dropped connection leaves a create's effect unknown: it surfaces at once, never repeated.
    @Test(arguments: ["/api/2.1/jobs/create", "/api/2.0/workspace/delete", "/api/2.0/dbfs/add-block"])
    func anUnsafeCallIsNotRepeated(_ endpoint: String) async throws {
        try await ServerFixture.run(faults: "reset@1,on=\(endpoint)") { api in
            let log = LogCapture()
            let error = await expectDatabricksError(.connectionLost) {
                try await api.withClient(logger: log.logger()) { client in
                    let databricks = client.databricks
                    switch endpoint {
                    case "/api/2.1/jobs/create": _ = try await databricks.jobs.create(.scripted("once", [("t", "ok", [])]))
                    case "/api/2.0/workspace/delete": try await databricks.workspace.delete("/Shared", recursive: true)
                    default:
                        try await databricks.dbfs.addBlock(
                            handle: try await databricks.dbfs.create(DBFSCreate(path: "/f")), data: Data("x".utf8))
                    }
                }
            }
            #expect(
                error?.message
                    == "POST \(endpoint): the server closed the connection before answering (\(api.baseURL)); not sent again, as the call may have taken effect"
            )
            #expect(log.lines(containing: "POST \(endpoint) → ").count == 1)
            #expect(log.lines(containing: "retrying").isEmpty)
        }
    }

    /// A throttled create was refused before it did anything: it is tried again.
    @Test func aThrottledCreateIsTriedAgain() async throws {
        try await ServerFixture.run(faults: "429:0@0.5,on=/api/2.1/jobs/create,seed=3") { api in
            let log = LogCapture()
            let jobIds = try await api.withClient(logger: log.logger()) { client in
                var created: [Int64] = []
                for index in 1...6 { created.append(try await client.databricks.jobs.create(.scripted("job-\(index)", [("t", "ok", [])]))) }
                return created
            }
            #expect(Set(jobIds).count == 6)
            #expect(try await api.engine.databricks.jobs.list(JobsListQuery(limit: 100)).jobs?.count == 6)
            #expect(log.lines(containing: "POST /api/2.1/jobs/create → 429").count >= 1)
        }
    }

    /// The first start's answer is lost (the server waits longer than the client); the client sends
    /// the start again with the same idempotency token, and the workspace still has one run.
    @Test func aRetriedStartStartsOneRun() async throws {
        // Seed 3 delays the first start and not the second nor the third.
        try await ServerFixture.run(faults: "delay:8s@0.5,on=/api/2.1/jobs/run-now,seed=3", executor: ScriptedExecutor()) { api in
            let log = LogCapture()
            var settings = ClientSettings.forTests(retryTimeout: .seconds(30))
            settings.requestTimeout = .seconds(3)
            let jobId = try await api.engine.databricks.jobs.create(.scripted("once", [("t", "ok", [])], maxConcurrentRuns: 5))
            let runId = try await api.withClient(settings, logger: log.logger()) { client in
                try await client.databricks.jobs.runNow(RunNow(jobId: jobId)).runId
            }
            #expect(log.lines(containing: "POST /api/2.1/jobs/run-now → no answer in time").count >= 1)
            #expect(log.lines(containing: "POST /api/2.1/jobs/run-now → 200").count == 1)
            _ = try await api.engine.waitForEnd(of: runId)
            #expect(try await api.engine.databricks.jobs.listRuns(RunsListQuery(jobId: jobId)).runs?.map(\.runId) == [runId])
        }
    }

    /// One limiter paces every call of a client: 21 calls at once at 40 per second (burst 1) take
    /// at least the 20 intervals of 25 ms.
    @Test func theRateLimitPacesParallelCalls() async throws {
        try await ServerFixture.run { api in
            let started = ContinuousClock.now
            try await api.withClient(.forTests(rateLimit: 40, burst: 1)) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0...20 { group.addTask { _ = try await client.databricks.workspace.list("/") } }
                    try await group.waitForAll()
                }
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(480), "\(elapsed)")
            print("[measured] 21 parallel calls at 40 req/s, burst 1: \(elapsed)")
        }
    }
}

extension RetryTests {
    /// A block whose connection broke cannot be sent again (add-block appends), so the whole file
    /// is uploaded again through a new handle, and arrives whole.
    @Test func aBrokenBlockUploadStartsTheFileAgain() async throws {
        // Seed 53 lets the first block through, drops the second, and lets the four of the next attempt through.
        try await ServerFixture.run(faults: "reset@0.25,on=/api/2.0/dbfs/add-block,seed=53") { api in
            let log = LogCapture()
            let folder = TemporaryFolder("kiln-restart")
            let local = folder.path("model.rds")
            try Data.sample(3 * DBFSLimits.maxBlockBytes + 123).write(to: local)
            let destination = try StoragePath("dbfs:/kiln/build/r-model/1/models/model.rds")
            try await api.withClient(logger: log.logger()) { client in
                try await StorageTransfer(client.databricks, uploadAttempts: 3, largestSinglePut: 0, logger: log.logger()).upload(
                    local, to: destination)
            }
            #expect(try Data(contentsOf: api.engine.localURL(forDBFSPath: destination.path)) == Data(contentsOf: local))
            let restarts = log.lines(containing: "restarting the upload of model.rds to dbfs:/kiln/build/r-model/1/models/model.rds")
            #expect(restarts.count == 1)
            #expect(restarts.allSatisfy { $0.contains("CONNECTION_LOST") })
        }
    }
}
