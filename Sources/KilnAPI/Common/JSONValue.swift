import Foundation

/// Any JSON value, for settings Kiln passes through without interpreting them (task types, health
/// rules, notifications, cluster specs, fields Databricks adds later), so a job round-trips unchanged.
///
/// Integers and other numbers are kept apart, so `"max_retries": 2` never comes back as `2.0`.
public enum JSONValue: Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode(JSONObject.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public init(stringLiteral value: String) { self = .string(value) }

    /// The value that `value` encodes to on the wire.
    public init(encoding value: some Encodable) throws {
        self = try JSONValue(parsing: WireCoding.encode(value))
    }

    /// The value decoded as `T`, as if it had been read from the wire.
    public func decoded<T: Decodable>(as type: T.Type) throws -> T {
        try WireCoding.decode(type, from: jsonData())
    }

    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    public var objectValue: JSONObject? { if case .object(let value) = self { value } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    /// The value of an integer, or of a number without a fraction.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value) where value == value.rounded() && abs(value) < 9.0e15: Int64(value)
        default: nil
        }
    }
}
