/// How often a run is polled: often at first, when short runs end, then less and less often up
/// to a cap, so that a long run costs few calls. Tests make it fast.
public struct RunPolling: Sendable, Hashable {
    public var initialInterval: Duration
    public var maximumInterval: Duration
    /// Each pause is this many times the one before, up to `maximumInterval`.
    public var growth: Double

    public init(initialInterval: Duration = .milliseconds(250), maximumInterval: Duration = .seconds(5), growth: Double = 1.5) {
        self.initialInterval = initialInterval
        self.maximumInterval = maximumInterval
        self.growth = growth
    }

    /// The pause after one of `interval`.
    func interval(after interval: Duration) -> Duration {
        min(maximumInterval, interval * growth)
    }
}
