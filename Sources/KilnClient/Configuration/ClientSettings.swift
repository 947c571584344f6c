/// How the client paces and retries its calls. The retry defaults are the Databricks SDKs': a
/// 5-minute retry deadline per call and a 60-second wait per attempt. The pace is each endpoint's
/// published limit (`EndpointRateLimit.databricks`: workspace import and DBFS 30 a second each,
/// runs/get 100…), with bursts of 10, rather than SDK-go's 15 a second for all calls together,
/// which made staging many small files slower than the legacy CLI's one-at-a-time uploads
/// (bench/). `rate_limit` in a profile, or DATABRICKS_RATE_LIMIT, sets one rate for all calls.
public struct ClientSettings: Sendable, Hashable {
    /// Requests per second for every call of the process together; nil paces each endpoint at
    /// its published limit, so that parallel staging never floods the workspace.
    public var rateLimit: Double?
    /// Requests that may go at once after a quiet spell.
    public var burst: Int
    /// How long one call may keep retrying: no attempt starts after it (one under way may finish).
    public var retryTimeout: Duration
    /// How long one attempt may wait for the answer's head (a file upload: for the whole call).
    public var requestTimeout: Duration
    /// The first backoff; each retry doubles it, up to `maximumBackoff`, with jitter.
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    /// The most bytes of a JSON answer the client reads (bodies are never read without a cap).
    public var maximumResponseBytes: Int
    /// `User-Agent` of every request: the executable names itself and its version.
    public var userAgent: String

    public init(
        rateLimit: Double? = nil, burst: Int = 10, retryTimeout: Duration = .seconds(300), requestTimeout: Duration = .seconds(60),
        initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(10), maximumResponseBytes: Int = 32 << 20,
        userAgent: String = "kiln"
    ) {
        self.rateLimit = rateLimit
        self.burst = burst
        self.retryTimeout = retryTimeout
        self.requestTimeout = requestTimeout
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.maximumResponseBytes = maximumResponseBytes
        self.userAgent = userAgent
    }
}
