import Foundation

/// Which earlier builds of a repository `retention:` lets go: a build is kept while it is among
/// the newest `keep_last` or younger than `max_age_days` (so `keep_last: 0` keeps by age alone and
/// `max_age_days: 0` by count alone); the current build always stays.
public struct RetentionPlan: Sendable {
    public struct Build: Sendable, Hashable {
        public var id: String
        /// When the build started (milliseconds since the epoch).
        public var startedAt: Int64
        public init(id: String, startedAt: Int64) {
            self.id = id
            self.startedAt = startedAt
        }
    }

    public var keepLast: Int
    public var maxAgeDays: Int

    public init(keepLast: Int, maxAgeDays: Int) {
        self.keepLast = keepLast
        self.maxAgeDays = maxAgeDays
    }

    /// The builds past both limits, oldest first.
    public func expired(_ builds: [Build], current: String, now: Date = Date()) -> [Build] {
        let cutoff = Int64((now.timeIntervalSince1970 - Double(maxAgeDays) * 86_400) * 1000)
        let newestFirst = builds.filter { $0.id != current }.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
        // The current build counts among the kept ones.
        let keep = max(0, keepLast - (builds.contains { $0.id == current } ? 1 : 0))
        return newestFirst.enumerated().filter { index, build in index >= keep && build.startedAt < cutoff }
            .map(\.element).reversed()
    }
}
