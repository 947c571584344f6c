import Foundation
import KilnAPI
import KilnPipeline
import NIOConcurrencyHelpers
import Testing

@testable import KilnEngine

/// The run waiter on both targets: it follows a run to its end, cancels it at its deadline, and
/// cancels it when the waiting task is cancelled, the cancel really reaching the workspace.
@Suite("Contract: run waiter", .serialized, .timeLimit(.minutes(1)))
struct RunWaiterContractTests {
    static let fast = RunPolling(initialInterval: .milliseconds(5), maximumInterval: .milliseconds(40), growth: 2)

    @Test(arguments: ContractTarget.allCases)
    func followsARunToItsEnd(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("exit", [("t", "exit-ok", [])]))
            let runId = try await world.jobs.runNow(RunNow(jobId: jobId)).runId
            let seen = NIOLockedValueBox<[RunProgress]>([])
            let finished = try await RunWaiter(jobs: world.jobs, polling: Self.fast).wait(for: runId, timeout: .seconds(30)) { progress in
                seen.withLockedValue { $0.append(progress) }
            }
            #expect(finished.succeeded)
            #expect(!finished.timedOut)
            #expect(finished.resultState == .success)
            #expect(finished.run.runId == runId)
            let progress = seen.withLockedValue { $0 }
            #expect(progress.last?.state.lifeCycleState == .terminated)
            #expect(progress.allSatisfy { $0.runId == runId })
            #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.elapsed <= $1.elapsed })
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func reportsAFailedRun(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("fail", [("t", "fail", [])]))
            let runId = try await world.jobs.runNow(RunNow(jobId: jobId)).runId
            let finished = try await RunWaiter(jobs: world.jobs, polling: Self.fast).wait(for: runId)
            #expect(!finished.succeeded)
            #expect(finished.resultState == .failed)
            #expect(finished.run.state.lifeCycleState == .internalError)
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func cancelsARunAtItsDeadline(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("block", [("t", "block", [])]))
            let runId = try await world.jobs.runNow(RunNow(jobId: jobId)).runId
            let finished = try await RunWaiter(jobs: world.jobs, polling: Self.fast).wait(for: runId, timeout: .milliseconds(300))
            #expect(finished.timedOut)
            #expect(finished.resultState == .timedOut)
            #expect(!finished.succeeded)
            #expect(finished.run.state.resultState == .canceled)
            #expect(try await world.jobs.getRun(runId: runId).state.lifeCycleState == .terminated)
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func cancellingTheWaitCancelsTheRun(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobId = try await world.jobs.create(.scripted("block", [("t", "block", [])]))
            let runId = try await world.jobs.runNow(RunNow(jobId: jobId)).runId
            let waiter = RunWaiter(jobs: world.jobs, polling: Self.fast)
            let waiting = Task { try await waiter.wait(for: runId) }
            _ = try await world.engine.waitForRun(runId) { $0.state.lifeCycleState == .running }
            waiting.cancel()
            do {
                _ = try await waiting.value
                Issue.record("the wait ended although it was cancelled")
            } catch let interrupted as RunInterrupted {
                #expect(interrupted.runId == runId)
                #expect(interrupted.cancelFailure == nil)
            }
            // The cancel went out before the wait returned (cancelling is asynchronous, so the run
            // may still say RUNNING for a moment): nothing else cancels this run, which would
            // otherwise block until the suite's time limit.
            #expect(try await world.engine.waitForEnd(of: runId).state.resultState == .canceled)
        }
    }
}
