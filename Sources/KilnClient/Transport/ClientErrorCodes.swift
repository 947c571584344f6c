import KilnAPI

extension ErrorCode {
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
