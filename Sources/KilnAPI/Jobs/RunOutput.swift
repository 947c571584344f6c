/// The answer of `jobs/runs/get-output` for a task run.
public struct RunOutput: Codable, Sendable, Hashable {
    public var notebookOutput: NotebookOutput?
    public var error: String?
    public var errorTrace: String?
    public var logs: String?
    public var logsTruncated: Bool?
    public var metadata: Run?

    public init(
        notebookOutput: NotebookOutput? = nil, error: String? = nil, errorTrace: String? = nil,
        logs: String? = nil, logsTruncated: Bool? = nil, metadata: Run? = nil
    ) {
        self.notebookOutput = notebookOutput
        self.error = error
        self.errorTrace = errorTrace
        self.logs = logs
        self.logsTruncated = logsTruncated
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case notebookOutput = "notebook_output"
        case error
        case errorTrace = "error_trace"
        case logs
        case logsTruncated = "logs_truncated"
        case metadata
    }
}

/// `notebook_output`: the value the notebook passed to `dbutils.notebook.exit`.
public struct NotebookOutput: Codable, Sendable, Hashable {
    public var result: String?
    public var truncated: Bool?
    public init(result: String?, truncated: Bool?) {
        self.result = result
        self.truncated = truncated
    }

    /// The API returns the first 5 MB of an exit value.
    public static let maxResultBytes = 5 * 1024 * 1024
}
