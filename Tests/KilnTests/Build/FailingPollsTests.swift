import Foundation
import KilnAPI
import KilnClient
import Testing

@testable import KilnEngine
@testable import KilnPipeline

/// A poll that fails says nothing about the run: the build goes on following it, and only its
/// deadline or an interrupt may cancel it.
@Suite("kiln build: failing polls", .timeLimit(.minutes(3)))
struct FailingPollsTests {
    /// Half of the `runs/get` polls are answered 504, and the client gives up on a call at once
    /// (no retry deadline to speak of), so the failures reach the waiter: the R example's build
    /// still passes, with exactly one run, and the run was never cancelled.
    @Test func aBuildPassesWithHalfItsPollsAnswered504() async throws {
        let repository = try await ExampleRepository("r-model")
        try await ServerFixture.run(faults: "504@0.5,on=/api/2.1/jobs/runs/get,seed=5") { api in
            let log = LogCapture()
            let status = try await api.withClient(.forTests(retryTimeout: .milliseconds(1)), logger: log.logger()) { client in
                let session = try await repository.session(through: client, of: api, buildID: "polls-504", logger: log.logger())
                return try await BuildPipeline(session: session, force: true).run()
            }
            #expect(status == .passed, "\(log.lines(containing: "polling"))")
            let polls = log.lines(containing: "GET /api/2.1/jobs/runs/get?run_id=")
            let failed = polls.filter { $0.contains(" → 504 ") }
            #expect(failed.count >= 2 && failed.count * 4 >= polls.count, "\(failed.count) of \(polls.count) polls failed")
            // Every failed poll was absorbed by the waiter, but for the first look at the run's page, which the build does without.
            let absorbed = log.lines(containing: "polling failed").count
            #expect(absorbed == failed.count || absorbed == failed.count - 1, "\(absorbed) of \(failed.count)")
            #expect(log.lines(containing: "runs/cancel").isEmpty, "the run was never cancelled")
            let runs = try await api.engine.databricks.jobs.listRuns(RunsListQuery()).runs ?? []
            #expect(runs.count == 1)
            #expect(runs.first?.state.resultState == .success)
        }
    }
}
