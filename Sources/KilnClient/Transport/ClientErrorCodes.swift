import KilnAPI

extension ErrorCode {
    /// No HTTP answer until the call's retry deadline: the workspace could not be reached (refused,
    /// reset, closed, timed out). Status 0, the status of "no answer".
    public static let connectionFailed: ErrorCode = "CONNECTION_FAILED"
    /// The connection broke after the request went out, and the call is not safe to repeat: it may
    /// or may not have taken effect. Status 0. A caller that can redo the whole operation
    /// idempotently (a streamed upload with overwrite) may start it again.
    public static let connectionLost: ErrorCode = "CONNECTION_LOST"
    /// A successful answer that is not the JSON the endpoint documents.
    public static let unreadableResponse: ErrorCode = "UNREADABLE_RESPONSE"
    /// The code an error answer without `error_code` gets from its status (SDK-go `apierr`).
    static func forStatus(_ status: Int) -> ErrorCode {
        switch status {
        case 400: .badRequest
        case 401: .unauthenticated
        case 403: .permissionDenied
        case 404: .notFound
        case 409: "RESOURCE_CONFLICT"
        case 413: .requestTooLarge
        case 429: .requestLimitExceeded
        case 499: "CANCELLED"
        case 500: .internalError
        case 501: "NOT_IMPLEMENTED"
        case 502: "BAD_GATEWAY"
        case 503: .temporarilyUnavailable
        case 504: .deadlineExceeded
        default: "UNKNOWN"
        }
    }
}
