/// A Databricks `error_code`. Open: codes this version does not know decode unchanged.
public struct ErrorCode: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let resourceDoesNotExist: ErrorCode = "RESOURCE_DOES_NOT_EXIST"
    public static let resourceAlreadyExists: ErrorCode = "RESOURCE_ALREADY_EXISTS"
    public static let alreadyExists: ErrorCode = "ALREADY_EXISTS"
    public static let notFound: ErrorCode = "NOT_FOUND"
    public static let directoryNotEmpty: ErrorCode = "DIRECTORY_NOT_EMPTY"
    public static let invalidParameterValue: ErrorCode = "INVALID_PARAMETER_VALUE"
    public static let invalidState: ErrorCode = "INVALID_STATE"
    public static let maxNotebookSizeExceeded: ErrorCode = "MAX_NOTEBOOK_SIZE_EXCEEDED"
    public static let maxBlockSizeExceeded: ErrorCode = "MAX_BLOCK_SIZE_EXCEEDED"
    public static let maxReadSizeExceeded: ErrorCode = "MAX_READ_SIZE_EXCEEDED"
    public static let ioError: ErrorCode = "IO_ERROR"
    public static let malformedRequest: ErrorCode = "MALFORMED_REQUEST"
    public static let endpointNotFound: ErrorCode = "ENDPOINT_NOT_FOUND"
    public static let unauthenticated: ErrorCode = "UNAUTHENTICATED"
    public static let permissionDenied: ErrorCode = "PERMISSION_DENIED"
    public static let requestLimitExceeded: ErrorCode = "REQUEST_LIMIT_EXCEEDED"
    public static let resourceExhausted: ErrorCode = "RESOURCE_EXHAUSTED"
    public static let temporarilyUnavailable: ErrorCode = "TEMPORARILY_UNAVAILABLE"
    public static let internalError: ErrorCode = "INTERNAL_ERROR"
    public static let badRequest: ErrorCode = "BAD_REQUEST"
    public static let requestTooLarge: ErrorCode = "REQUEST_ENTITY_TOO_LARGE"
    public static let deadlineExceeded: ErrorCode = "DEADLINE_EXCEEDED"
    /// No HTTP answer until the call's retry deadline: the workspace could not be reached (refused,
    /// reset, closed, timed out). Status 0, the status of "no answer".
    public static let connectionFailed: ErrorCode = "CONNECTION_FAILED"
    /// The connection broke after the request went out, and the call is not safe to repeat: it may
    /// or may not have taken effect. Status 0. A caller that can redo the whole operation
    /// idempotently (a streamed upload with overwrite) may start it again.
    public static let connectionLost: ErrorCode = "CONNECTION_LOST"

    /// The status Databricks answers with for this code (reference §6: workspace and DBFS send
    /// `RESOURCE_ALREADY_EXISTS` as 400, the Files API sends `ALREADY_EXISTS` as 409).
    public var defaultStatus: Int {
        switch self {
        case .resourceDoesNotExist, .notFound, .endpointNotFound: 404
        case .alreadyExists: 409
        case .unauthenticated: 401
        case .permissionDenied: 403
        case .requestLimitExceeded, .resourceExhausted: 429
        case .temporarilyUnavailable: 503
        case .internalError: 500
        case .requestTooLarge: 413
        case .deadlineExceeded: 504
        case .connectionFailed, .connectionLost: 0
        default: 400
        }
    }
}
