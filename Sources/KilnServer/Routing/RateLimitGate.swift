import Foundation
import KilnAPI
import NIOConcurrencyHelpers

/// Refuses requests past an endpoint's limit as a workspace does: 429 `REQUEST_LIMIT_EXCEEDED`
/// with an integer `Retry-After` (`kiln serve --rate-limits databricks`), so that a client's
/// pacing, and a benchmark's figures, meet the limits a real workspace would enforce. Each limit
/// is a token bucket holding one second of requests.
final class RateLimitGate: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let limits: [EndpointRateLimit]
    private let buckets: NIOLockedValueBox<[String: Bucket]>

    init(limits: [EndpointRateLimit]) {
        self.limits = limits
        let now = ContinuousClock.now
        buckets = NIOLockedValueBox(Dictionary(uniqueKeysWithValues: limits.map { ($0.name, Bucket(tokens: $0.perSecond, updated: now)) }))
    }

    /// Takes a token for a request to `path`, or throws the 429 a workspace answers; the error
    /// says after how many whole seconds a token will be there.
    func admit(path: String) throws(RateLimited) {
        guard let limit = limits.first(where: { $0.matches(path: path) }) else { return }
        let wait: Double? = buckets.withLockedValue { buckets in
            let now = ContinuousClock.now
            var bucket = buckets[limit.name]!
            bucket.tokens = min(limit.perSecond, bucket.tokens + (now - bucket.updated) / .seconds(1) * limit.perSecond)
            bucket.updated = now
            defer { buckets[limit.name] = bucket }
            guard bucket.tokens < 1 else {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / limit.perSecond
        }
        if let wait { throw RateLimited(limit: limit, retryAfterSeconds: max(1, Int(wait.rounded(.up)))) }
    }
}

/// A request over its endpoint's limit.
struct RateLimited: Error {
    let limit: EndpointRateLimit
    let retryAfterSeconds: Int

    var error: DatabricksError {
        DatabricksError(
            .requestLimitExceeded,
            "Too many requests to \(limit.name): at most \(Int(limit.perSecond)) a second are allowed. Please try again later.",
            status: 429)
    }
}
