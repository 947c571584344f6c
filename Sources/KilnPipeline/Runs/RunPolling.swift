import KilnAPI

/// How often a run is polled. With nothing known of the job's runs: often at first, when short
/// runs end, then less and less often up to `maximumInterval`, so that a long run costs few calls.
/// When the job's last runs say how long a run takes (``ExpectedDuration``), seldom until shortly
/// before the shortest of them (a run under a minute not at all), then every `maximumInterval / 20`
/// or more until shortly after the longest: the end is seen within about half a second with fewer
/// calls than a fixed 10-second loop makes. Tests make it fast.
public struct RunPolling: Sendable, Hashable {
    public var initialInterval: Duration
    public var maximumInterval: Duration
    /// Each pause is this many times the one before, up to `maximumInterval`.
    public var growth: Double

    public init(initialInterval: Duration = .milliseconds(250), maximumInterval: Duration = .seconds(10), growth: Double = 1.5) {
        self.initialInterval = initialInterval
        self.maximumInterval = maximumInterval
        self.growth = growth
    }

    /// The pause after one of `interval`.
    func interval(after interval: Duration) -> Duration {
        min(maximumInterval, interval * growth)
    }

    /// The pause between polls while the run is expected to end (0.5 s by default).
    var closeInterval: Duration { maximumInterval / 20 }

    /// The longest pause before the expected end: a run that fails early is seen failed within
    /// it. Half the expected duration, at most a minute (`6 × maximumInterval`). A run expected to
    /// take less than that minute is looked at only around its end: a look before would cost a
    /// call to save less than a minute.
    func earlyInterval(expecting expected: Duration) -> Duration? {
        expected < maximumInterval * 6 ? nil : min(maximumInterval * 6, expected / 2)
    }
}

/// How long the job's runs took, from its last finished ones: when to look closely for the end.
public struct ExpectedDuration: Sendable, Hashable {
    /// The median duration (the lower of the middle two of an even count).
    public var median: Duration
    public var shortest: Duration
    public var longest: Duration

    /// The runs considered: the job's most recent, newest first as `runs/list` gives them.
    static let sample = 5

    /// From the runs of a job that succeeded or failed (runs cancelled or timed out were cut
    /// short and say nothing of how long a run takes); nil when there are none.
    public init?(finishedRuns runs: [Run]) {
        let finished = runs.filter { run in
            (run.state.resultState == .success || run.state.resultState == .failed) && run.startTime > 0 && run.endTime > run.startTime
        }
        let durations: [Duration] = finished.prefix(Self.sample).map { run in .milliseconds(run.endTime - run.startTime) }.sorted()
        guard let shortest = durations.first, let longest = durations.last else { return nil }
        median = durations[(durations.count - 1) / 2]
        self.shortest = shortest
        self.longest = longest
    }

    /// Where the end is looked for closely: from a little before the shortest run to a little
    /// after the longest. A little is 2.5% of the median, at least `least`: a job's durations
    /// vary in proportion to their length, and a few runs do not show all of that variation
    /// (of three runs, the next is shorter or longer than all of them one time in two).
    func window(padding least: Duration) -> Range<Duration> {
        let padding = max(least, median / 40)
        return (shortest - padding)..<(longest + padding)
    }
}

/// The pauses between the polls of one run, by `RunPolling`'s rules.
struct PollSchedule {
    let polling: RunPolling
    private var expected: ExpectedDuration?
    private var interval: Duration

    init(polling: RunPolling, expected: ExpectedDuration?) {
        self.polling = polling
        self.expected = expected
        interval = polling.initialInterval
    }

    /// The pause before the next poll, `elapsed` after the wait began.
    mutating func pause(at elapsed: Duration) -> Duration {
        if let expected {
            // Close polls over the window: five of them, at least a close interval and at most
            // the longest pause apart; then the usual backoff from there.
            let window = expected.window(padding: polling.closeInterval / 2)
            if elapsed < window.lowerBound {
                let untilClose = window.lowerBound - elapsed
                return polling.earlyInterval(expecting: expected.median).map { min(untilClose, $0) } ?? untilClose
            }
            if elapsed < window.upperBound {
                let width = window.upperBound - window.lowerBound
                interval = min(polling.maximumInterval, max(polling.closeInterval, width / 5))
                return interval
            }
        }
        defer { interval = polling.interval(after: interval) }
        return interval
    }

    /// Polls close together again, whatever was expected: after a cancel, whose end comes soon.
    mutating func restart() {
        expected = nil
        interval = polling.initialInterval
    }
}
