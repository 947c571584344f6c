import Foundation

/// How long to wait before the next attempt: exponential backoff with jitter, so that many
/// clients retrying do not arrive together, and never less than the server asked for in
/// `Retry-After` (a `Retry-After: 0` repeated does not turn the retries into a flood).
struct RetryBackoff: Sendable {
    var initial: Duration
    var maximum: Duration

    /// The wait after the `attempt`-th failure (1-based).
    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        let exponential = min(maximum.seconds, initial.seconds * Double(1 << min(attempt - 1, 30)))
        // Equal jitter: at least half the backoff, so the waits still grow.
        let backoff = Duration.seconds(exponential / 2 + Double.random(in: 0...(exponential / 2)))
        guard let retryAfter else { return backoff }
        return max(backoff, retryAfter + .seconds(Double.random(in: 0...initial.seconds)))
    }

    /// `Retry-After` in whole seconds (the form Databricks sends); nil for anything else.
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let seconds = Int(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// `850 ms`, `2.4 s`: durations as logs and errors show them.
    var shortText: String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : "\((seconds * 10).rounded() / 10) s"
    }
}
