import KilnAPI

/// A token bucket shared by the calls it paces (one endpoint's, or all of a client's: see
/// `EndpointPacer`): `rate` requests per second on average, at most `burst` at once. Callers reserve their token in arrival order and wait out any deficit,
/// so waiting callers are served first come, first served.
actor RateLimiter {
    private let rate: Double
    private let capacity: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    init(rate: Double, burst: Int) {
        self.rate = rate
        self.capacity = Double(max(1, burst))
        self.tokens = capacity
        self.updated = .now
    }

    /// Returns when the caller may send its request.
    nonisolated func acquire() async throws {
        let wait = await reserve()
        if wait > .zero { try await Task.sleep(for: wait) }
    }

    /// Takes a token, possibly one not yet earned, and says how long until it is.
    private func reserve() -> Duration {
        let now = ContinuousClock.now
        tokens = min(capacity, tokens + (now - updated).seconds * rate)
        updated = now
        tokens -= 1
        return tokens >= 0 ? .zero : .seconds(-tokens / rate)
    }
}

/// The pace of one client's calls. By default each endpoint with a published limit has a bucket
/// of its own at that rate (staging's notebook imports and DBFS uploads, 30 a second each, go at
/// once, as the workspace allows), and every other call shares one at `unlistedRate`. A rate the
/// user set (`rate_limit`, DATABRICKS_RATE_LIMIT) paces every call of the process together, as
/// the SDKs do.
struct EndpointPacer: Sendable {
    private let shared: RateLimiter
    private let perEndpoint: [String: RateLimiter]

    /// The rate of the calls no published limit covers: the lowest published one a staging call
    /// meets, so that an endpoint whose limit is not published is not flooded either.
    static let unlistedRate = 30.0

    init(rateLimit: Double?, burst: Int) {
        shared = RateLimiter(rate: rateLimit ?? Self.unlistedRate, burst: burst)
        guard rateLimit == nil else {
            perEndpoint = [:]
            return
        }
        perEndpoint = Dictionary(
            uniqueKeysWithValues: EndpointRateLimit.databricks.map { ($0.name, RateLimiter(rate: $0.perSecond, burst: burst)) })
    }

    /// Returns when a request to `path` may go.
    func acquire(for path: String) async throws {
        let limiter = EndpointRateLimit.published(for: path).flatMap { perEndpoint[$0.name] } ?? shared
        try await limiter.acquire()
    }
}
