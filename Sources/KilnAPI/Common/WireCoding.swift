import Foundation

/// The JSON coders for the Databricks wire format, shared by the server, the client and the
/// engine's state so that one spelling of every model exists.
///
/// Keys are spelled out in each model's `CodingKeys` rather than converted by a key strategy:
/// a strategy would also rewrite the keys of parameter maps (`notebook_params`), which are user data.
public enum WireCoding {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder { JSONDecoder() }

    public static func encode<T: Encodable>(_ value: T) throws -> Data { try encoder().encode(value) }
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }
}

/// The answer of a mutation that returns nothing: `{}`.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}
