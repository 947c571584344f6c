import KilnAPI

/// Which error answers are worth another attempt, and for which calls (reference §6).
///
/// Two kinds, because a retry must never repeat an effect: a *refusal* means the workspace turned
/// the request away before acting on it (429, 503, the rate-limit messages), so any call may be
/// sent again; a *transient failure* (500, 502, 504, and the messages the Databricks SDKs retry:
/// a cluster or worker environment not ready, an unexpected error, a timeout inside the service)
/// may have happened after the call took effect, so only calls that are safe to repeat are sent
/// again. Everything else is final.
enum RetryRule: Sendable, Equatable {
    case refused
    case transient
    case final

    /// Messages SDK-py (`_base_client.py`, `_is_retryable`) and SDK-go (`apierr/errors.go`,
    /// `config/api_client.go`) retry whatever the status, that say the request was turned away.
    static let refusalMessages = [
        "REQUEST_LIMIT_EXCEEDED",
        "Please try again later or try a faster operation.",
        "RPC token bucket limit has been exceeded",
    ]

    /// Messages the SDKs retry that say something inside the service was not ready or failed.
    static let transientMessages = [
        "ClusterNotReadyException",
        "does not have any associated worker environments",
        "There is no worker environment with id",
        "Unknown worker environment",
        "UnknownWorkerEnvironmentException",
        "Unexpected error",
        "Timed out after ",
        "deadline exceeded",
    ]

    init(status: Int, error: DatabricksError) {
        if status == 429 || status == 503 || error.code == .requestLimitExceeded || Self.mentions(Self.refusalMessages, error) {
            self = .refused
        } else if [500, 502, 504].contains(status) || Self.mentions(Self.transientMessages, error) {
            self = .transient
        } else {
            self = .final
        }
    }

    /// Whether a call (safe to repeat or not) that got this answer may be sent again.
    func allowsRetry(repeatable: Bool) -> Bool {
        switch self {
        case .refused: true
        case .transient: repeatable
        case .final: false
        }
    }

    private static func mentions(_ messages: [String], _ error: DatabricksError) -> Bool {
        messages.contains { error.message.contains($0) }
    }
}
