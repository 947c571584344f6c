import KilnAPI
import Testing

@testable import KilnPipeline

/// When a run is polled: from the job's last runs, seldom until shortly before the shortest of them
/// (a run under a minute not at all) and every half second or more until shortly after the longest;
/// without them, often at first and less and less often.
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
        #expect(expected.shortest == .milliseconds(29_800) && expected.longest == .milliseconds(30_200))
        #expect(ExpectedDuration(finishedRuns: [Self.run(3, .canceled, seconds: 4), Self.run(2, nil, seconds: 0)]) == nil)
    }

    @Test func aThirtySecondRunIsPolledOnlyAroundItsEnd() throws {
        let expected = try #require(ExpectedDuration(finishedRuns: [Self.run(1, .success, seconds: 30)]))
        var schedule = PollSchedule(polling: RunPolling(), expected: expected)
        // From 2.5% of the run (0.75 s) before the usual end to as much after it, every half
        // second, then backing off from there.
        let pauses = Self.pauses(&schedule, count: 7)
        #expect(
            pauses == [
                .milliseconds(29_250), .milliseconds(500), .milliseconds(500), .milliseconds(500), .milliseconds(500),
                .milliseconds(750), .milliseconds(1125),
            ])
    }

    @Test func theWindowSpansTheShortestToTheLongestRunInFivePolls() throws {
        let runs = [Self.run(1, .success, seconds: 88), Self.run(2, .success, seconds: 90), Self.run(3, .success, seconds: 92)]
        var schedule = PollSchedule(polling: RunPolling(), expected: try #require(ExpectedDuration(finishedRuns: runs)))
        // 45 s (half the run), to 2.25 s (2.5% of 90) before the shortest, then every 1.7 s until
        // as much after the longest: 8.5 s.
        let pauses = Self.pauses(&schedule, count: 9)
        #expect(pauses.prefix(2) == [.seconds(45), .milliseconds(40_750)])
        #expect(pauses[2..<8].allSatisfy { $0 == .milliseconds(1700) }, "five in the window, then the backoff from there")
        #expect(pauses[8] == .milliseconds(2550))
    }

    /// Two runs of 31.5 and 33 s, then one of 30.9, 2% shorter than both: the window opens before the shortest seen, so
    /// the end is seen within one poll of it, not at the first poll of a window around the longest.
    @Test func aRunShorterThanAllBeforeIsSeenWithinAPoll() throws {
        let runs = [Self.run(1, .success, seconds: 33), Self.run(2, .success, seconds: 31.5)]
        var schedule = PollSchedule(polling: RunPolling(), expected: try #require(ExpectedDuration(finishedRuns: runs)))
        let pauses = Self.pauses(&schedule, count: 2)
        let firstLook = pauses[0]
        #expect(firstLook < .milliseconds(30_900), "the first poll comes before the end")
        #expect(firstLook + pauses[1] - .milliseconds(30_900) < .seconds(1), "and the next within a second of it")
    }

    /// However wide a job's runs are spread, polls in the window are at most the longest pause apart.
    @Test func aWideWindowIsPolledAtMostTenSecondsApart() throws {
        let runs = [Self.run(1, .success, seconds: 60), Self.run(2, .success, seconds: 300)]
        var schedule = PollSchedule(polling: RunPolling(), expected: try #require(ExpectedDuration(finishedRuns: runs)))
        var elapsed = Duration.zero
        var inWindow: [Duration] = []
        while elapsed < .seconds(300) {
            let pause = schedule.pause(at: elapsed)
            if elapsed >= .milliseconds(58_500) { inWindow.append(pause) }
            elapsed += pause
        }
        #expect(!inWindow.isEmpty && inWindow.allSatisfy { $0 == .seconds(10) })
    }

    @Test func aLongRunIsPolledAtMostAMinuteApartBeforeItsEnd() throws {
        let expected = try #require(ExpectedDuration(finishedRuns: [Self.run(1, .success, seconds: 600)]))
        var schedule = PollSchedule(polling: RunPolling(), expected: expected)
        let pauses = Self.pauses(&schedule, count: 11)
        // Every minute, then from 15 s (2.5%) before the usual end every 6 s for 30 s.
        #expect(pauses.prefix(9).allSatisfy { $0 == .seconds(60) })
        #expect(pauses[9] == .seconds(45))
        #expect(pauses[10] == .seconds(6))
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
