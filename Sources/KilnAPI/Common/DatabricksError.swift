/// An error as Databricks reports it: an `error_code`, a human message and the HTTP status.
///
/// Every service of both targets throws this type, so a caller handles a missing path the same
/// way whether the embedded engine or a real workspace answered.
public struct DatabricksError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// The HTTP status the REST API answers with; derived from `code` unless a server said otherwise.
    public var status: Int

    public init(_ code: ErrorCode, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status ?? code.defaultStatus
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension DatabricksError {
    /// Whether a call that failed with this error may still have taken effect: the connection was
    /// lost after the request went out, or the service failed in a way that can come after acting
    /// (500, 502, 504). A caller that must not act twice reads the state back before trying again.
    public var outcomeUnknown: Bool {
        code == .connectionLost || [500, 502, 504].contains(status)
    }

    public static func doesNotExist(_ message: String) -> DatabricksError { .init(.resourceDoesNotExist, message) }
    public static func alreadyExists(_ message: String) -> DatabricksError { .init(.resourceAlreadyExists, message) }
    public static func invalidParameter(_ message: String) -> DatabricksError { .init(.invalidParameterValue, message) }
}

/// The wire form of an error: `{"error_code": …, "message": …}`.
public struct ErrorBody: Codable, Sendable, Equatable {
    public var errorCode: String?
    public var message: String?
    /// API 1.2 and some gateways send `{"error": "…"}` instead.
    public var error: String?

    public init(errorCode: String, message: String) {
        self.errorCode = errorCode
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case errorCode = "error_code"
        case message, error
    }
}
