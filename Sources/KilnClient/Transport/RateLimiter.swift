/// A token bucket shared by every call of one client: `rate` requests per second on average, at
/// most `burst` at once. Callers reserve their token in arrival order and wait out any deficit,
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
