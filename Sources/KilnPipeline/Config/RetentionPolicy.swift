/// `retention:` — which earlier builds of the repository survive the cleanup of a new one.
///
/// A build is kept when it is among the newest `keepLast` or younger than `maxAgeDays`; every other
/// build of the repository is deleted. So `keep_last: 0` keeps by age alone, `max_age_days: 0` by count alone.
public struct RetentionPolicy: Sendable, Hashable {
    public var keepLast: Int
    public var maxAgeDays: Int

    public init(keepLast: Int = 10, maxAgeDays: Int = 14) {
        self.keepLast = keepLast
        self.maxAgeDays = maxAgeDays
    }

    static let keys = ["keep_last", "max_age_days"]

    init(_ node: ConfigNode?) throws(ConfigError) {
        self.init()
        guard let mapping = try node?.mapping(knownKeys: Self.keys) else { return }
        if let count = mapping["keep_last"] { keepLast = try Self.count(count) }
        if let days = mapping["max_age_days"] { maxAgeDays = try Self.count(days) }
    }

    private static func count(_ node: ConfigNode) throws(ConfigError) -> Int {
        let value = try node.integer()
        guard value >= 0 else { throw node.invalid("`\(value)` is negative; write 0 or more") }
        return value
    }
}
