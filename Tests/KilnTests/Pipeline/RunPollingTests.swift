import KilnAPI
import Testing

@testable import KilnPipeline

/// When a run is polled: from the job's last runs, seldom until shortly before the usual end (a
/// run under a minute not at all) and every half second or more around it; without them, often at
/// first and less and less often.
@Suite("Run polling")
struct RunPollingTests {
    static func run(_ id: Int64, _ result: ResultState?, seconds: Double) -> Run {
        var run = Run(
            runId: id, jobId: 1, state: RunState(lifeCycleState: result == nil ? .running : .terminated, resultState: result),
            startTime: 1_000_000)
        if result != nil { run.endTime = run.startTime + Int64(seconds * 1000) }
        return run
    }

    /// The pauses of a schedule from the start of the wait, each taken in full.
    static func pauses(_ schedule: inout PollSchedule, count: Int) -> [Duration] {
        var elapsed = Duration.zero
        return (0..<count).map { _ in
            let pause = schedule.pause(at: elapsed)
            elapsed += pause
            return pause
        }
    }

    @Test func theExpectedDurationComesFromRunsThatSucceededOrFailed() throws {
        let runs = [
            Self.run(9, nil, seconds: 0), Self.run(8, .success, seconds: 30.2), Self.run(7, .canceled, seconds: 3),
            Self.run(6, .failed, seconds: 29.8), Self.run(5, .timedOut, seconds: 600), Self.run(4, .success, seconds: 30.0),
        ]
        let expected = try #require(ExpectedDuration(finishedRuns: runs))
        #expect(expected.median == .milliseconds(30_000))
        #expect(expected.spread == .milliseconds(400))
        #expect(ExpectedDuration(finishedRuns: [Self.run(3, .canceled, seconds: 4), Self.run(2, nil, seconds: 0)]) == nil)
    }

    @Test func aThirtySecondRunIsPolledOnlyAroundItsEnd() throws {
        let expected = try #require(ExpectedDuration(finishedRuns: [Self.run(1, .success, seconds: 30)]))
        var schedule = PollSchedule(polling: RunPolling(), expected: expected)
        // A quarter second before the usual end, half a second later, then backing off from there.
        let pauses = Self.pauses(&schedule, count: 5)
        #expect(pauses == [.milliseconds(29_750), .milliseconds(500), .milliseconds(500), .milliseconds(750), .milliseconds(1125)])
    }

    @Test func aWiderSpreadGetsAWiderWindowOfAtMostFivePolls() throws {
        let runs = [Self.run(1, .success, seconds: 88), Self.run(2, .success, seconds: 90), Self.run(3, .success, seconds: 92)]
        var schedule = PollSchedule(polling: RunPolling(), expected: try #require(ExpectedDuration(finishedRuns: runs)))
        // 45 s (half the run), to two seconds before the usual end, then every 0.8 s for four seconds.
        let pauses = Self.pauses(&schedule, count: 9)
        #expect(pauses.prefix(2) == [.seconds(45), .seconds(43)])
        #expect(pauses[2..<8].allSatisfy { $0 == .milliseconds(800) }, "five in the window, then the backoff from there")
        #expect(pauses[8] == .milliseconds(1200))
    }

    @Test func aLongRunIsPolledAtMostAMinuteApartBeforeItsEnd() throws {
        let expected = try #require(ExpectedDuration(finishedRuns: [Self.run(1, .success, seconds: 600)]))
        var schedule = PollSchedule(polling: RunPolling(), expected: expected)
        let pauses = Self.pauses(&schedule, count: 11)
        #expect(pauses.prefix(9).allSatisfy { $0 == .seconds(60) })
        #expect(pauses[9] == .milliseconds(59_750))
        #expect(pauses[10] == .milliseconds(500))
    }

    @Test func withoutHistoryPollsGrowFromAQuarterSecondToTen() {
        var schedule = PollSchedule(polling: RunPolling(), expected: nil)
        let pauses = Self.pauses(&schedule, count: 14)
        #expect(pauses.first == .milliseconds(250))
        #expect(zip(pauses, pauses.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(pauses.last == .seconds(10))
    }

    @Test func afterACancelPollsAreCloseWhateverWasExpected() throws {
        let expected = try #require(ExpectedDuration(finishedRuns: [Self.run(1, .success, seconds: 600)]))
        var schedule = PollSchedule(polling: RunPolling(), expected: expected)
        #expect(schedule.pause(at: .zero) == .seconds(60))
        schedule.restart()
        #expect(schedule.pause(at: .seconds(60)) == .milliseconds(250))
    }
}
