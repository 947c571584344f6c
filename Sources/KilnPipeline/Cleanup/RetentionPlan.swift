import Foundation

/// Which earlier builds of a repository to delete under `retention:` — those beyond the newest
/// `keep_last`, and those older than `max_age_days`; never the current build.
public struct RetentionPlan: Sendable {
    public struct Build: Sendable, Hashable {
        public var id: String
        /// When the build's folder was made (milliseconds since the epoch).
        public var createdAt: Int64
        public init(id: String, createdAt: Int64) {
            self.id = id
            self.createdAt = createdAt
        }
    }

    public var keepLast: Int
    public var maxAgeDays: Int

    public init(keepLast: Int, maxAgeDays: Int) {
        self.keepLast = keepLast
        self.maxAgeDays = maxAgeDays
    }

    /// The builds to delete, oldest first.
    public func expired(_ builds: [Build], current: String, now: Date = Date()) -> [Build] {
        let cutoff = Int64((now.timeIntervalSince1970 - Double(maxAgeDays) * 86_400) * 1000)
        let newestFirst = builds.filter { $0.id != current }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        // The current build counts among the kept ones.
        let keep = max(0, keepLast - (builds.contains { $0.id == current } ? 1 : 0))
        return newestFirst.enumerated().filter { index, build in index >= keep || build.createdAt < cutoff }
            .map(\.element).reversed()
    }
}
