import KilnAPI
import Testing

/// The legacy `state` a Jobs 2.2 `status` stands for, as the SDKs document the two.
@Suite("Run status: the state it stands for")
struct RunStatusTests {
    @Test(
        arguments: [
            (
                RunStatus(state: .terminated, terminationDetails: TerminationDetails(code: .success, type: .success, message: "")),
                "TERMINATED", "SUCCESS"
            ),
            (
                RunStatus(
                    state: .terminated, terminationDetails: TerminationDetails(code: .successWithFailures, type: .success, message: "")),
                "TERMINATED", "SUCCESS_WITH_FAILURES"
            ),
            (
                RunStatus(state: .terminated, terminationDetails: TerminationDetails(code: .userCanceled, type: .success, message: "")),
                "TERMINATED", "CANCELED"
            ),
            (
                RunStatus(
                    state: .terminated, terminationDetails: TerminationDetails(code: .runExecutionError, type: .clientError, message: "")),
                "TERMINATED", "FAILED"
            ),
            (
                RunStatus(
                    state: .terminated, terminationDetails: TerminationDetails(code: "DRIVER_ERROR", type: .internalError, message: "")),
                "INTERNAL_ERROR", "FAILED"
            ),
            (
                RunStatus(
                    state: .terminated, terminationDetails: TerminationDetails(code: "CLOUD_FAILURE", type: .cloudFailure, message: "")),
                "INTERNAL_ERROR", "FAILED"
            ),
            (
                RunStatus(state: .terminated, terminationDetails: TerminationDetails(code: .skipped, type: .success, message: "")),
                "SKIPPED", nil
            ),
            (
                RunStatus(state: .terminated, terminationDetails: TerminationDetails(code: .disabled, type: .success, message: "")),
                "SKIPPED", "DISABLED"
            ),
            (
                RunStatus(
                    state: .terminated,
                    terminationDetails: TerminationDetails(code: .maxConcurrentRunsExceeded, type: .clientError, message: "")), "SKIPPED",
                "MAXIMUM_CONCURRENT_RUNS_REACHED"
            ),
            (
                RunStatus(state: .terminated, terminationDetails: TerminationDetails(code: "A_NEW_ERROR", type: nil, message: "")),
                "TERMINATED", "FAILED"
            ),
            (RunStatus(state: .waiting), "WAITING_FOR_RETRY", nil),
            (RunStatus(state: .running), "RUNNING", nil),
            (RunStatus(state: .blocked), "BLOCKED", nil),
        ] as [(RunStatus, String, String?)])
    func aStatusStandsForAState(_ status: RunStatus, _ lifeCycle: String, _ result: String?) throws {
        let state = try #require(status.impliedState)
        #expect(state.lifeCycleState.rawValue == lifeCycle)
        #expect(state.resultState?.rawValue == result)
    }

    @Test func aStatusThatCannotTellStandsForNothing() {
        #expect(RunStatus(state: nil).impliedState == nil)
        #expect(RunStatus(state: .terminated).impliedState == nil)
        #expect(
            RunStatus(state: .terminated, terminationDetails: TerminationDetails(code: nil, type: .success, message: "")).impliedState
                == nil)
    }

    @Test func theMessageComesFromTheDetails() {
        let queued = RunStatus(state: .queued, queueDetails: QueueDetails(code: .maxConcurrentRunsReached, message: "waiting for run 7"))
        #expect(queued.impliedState?.stateMessage == "waiting for run 7")
    }
}
