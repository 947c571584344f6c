/// The keys of the times a run and a task run both carry, so both decode them by one rule.
protocol RunTimeKeys: CodingKey {
    static var startTime: Self { get }
    static var endTime: Self { get }
    static var setupDuration: Self { get }
    static var executionDuration: Self { get }
    static var cleanupDuration: Self { get }
    static var runDuration: Self { get }
    static var queueDuration: Self { get }
}

extension KeyedDecodingContainer where Key: RunTimeKeys {
    /// Start and end (0 when absent: not started, or still running) and the durations, in
    /// milliseconds; every one may be absent, as in the SDKs.
    func runTimes() throws -> (Int64, Int64, Int64?, Int64?, Int64?, Int64?, Int64?) {
        (
            try decodeIfPresent(Int64.self, forKey: .startTime) ?? 0, try decodeIfPresent(Int64.self, forKey: .endTime) ?? 0,
            try decodeIfPresent(Int64.self, forKey: .setupDuration), try decodeIfPresent(Int64.self, forKey: .executionDuration),
            try decodeIfPresent(Int64.self, forKey: .cleanupDuration), try decodeIfPresent(Int64.self, forKey: .runDuration),
            try decodeIfPresent(Int64.self, forKey: .queueDuration)
        )
    }
}
