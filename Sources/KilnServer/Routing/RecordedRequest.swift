import Foundation

/// One request as `kiln serve --record` writes it: its shape (what a client sent where), never its
/// secrets, so that a record can be shared and two clients' requests compared key by key.
public struct RecordedRequest: Codable, Sendable, Hashable {
    /// When the request arrived, ISO 8601 with milliseconds.
    public var time: String
    public var method: String
    /// The path as sent, percent-encoding included.
    public var path: String
    /// The query parameters; secret-looking ones (`token`, `client_secret`…) with their value masked.
    public var query: [String: String]
    public var contentType: String?
    /// The keys of a JSON body as dotted paths (`tasks[].notebook_task.notebook_path`), or the field
    /// names of a form; nil when there is no such body. Body values are never recorded.
    public var bodyKeys: [String]?
    /// The JSON type of each body key (`string`, `number`, `boolean`, `object`, `array`, `null`), so
    /// that an id sent as a string shows; nil when the body is not JSON.
    public var bodyTypes: [String: String]?
    /// The headers a client's identity and options show in (`User-Agent`, `Accept`…), with their values.
    public var headers: [String: String]
    /// The credential headers that were present, by name only.
    public var credentialHeaders: [String]
    /// The status of the answer.
    public var status: Int

    enum CodingKeys: String, CodingKey {
        case time, method, path, query
        case contentType = "content_type"
        case bodyKeys = "body_keys"
        case bodyTypes = "body_types"
        case headers
        case credentialHeaders = "credential_headers"
        case status
    }

    /// What stands for a masked value.
    public static let masked = "****"
}
