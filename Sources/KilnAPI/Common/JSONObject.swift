/// A JSON object that keeps its keys in the order they were written, so that a job template sent
/// to a workspace reads as the author wrote it, and a patched key stays where it was.
///
/// Equality is JSON's: the same keys with equal values, in any order.
public struct JSONObject: Sendable, Hashable, Codable, Sequence, ExpressibleByDictionaryLiteral {
    /// The keys in order.
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// A key that appears twice keeps its first place and its last value, as JSON parsers do.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        for (key, value) in pairs { self[key] = value }
    }

    /// Setting an existing key replaces its value in place; a new key goes at the end; nil removes it.
    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let removed = values.removeValue(forKey: key) else { return nil }
        keys.removeAll { $0 == key }
        return removed
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        keys.compactMap { key in values[key].map { (key: key, value: $0) } }.makeIterator()
    }

    public static func == (left: JSONObject, right: JSONObject) -> Bool { left.values == right.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }

    /// Decoded through `Codable` the order is not known (decoders hand out keys unordered), so the
    /// keys are sorted; `JSONValue(parsing:)` keeps the order of the text.
    public init(from decoder: any Decoder) throws {
        let decoded = try decoder.singleValueContainer().decode([String: JSONValue].self)
        self.init(decoded.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for (key, value) in self { try container.encode(value, forKey: FieldKey(key)) }
    }

    private struct FieldKey: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}

extension JSONObject {
    /// The field decoded as `T`; nil when it is absent or not a `T`.
    public func value<T: Decodable>(_ key: String, as type: T.Type = T.self) -> T? {
        guard let value = self[key] else { return nil }
        switch value {
        case .string(let text) where T.self == String.self: return text as? T
        case .integer(let number) where T.self == Int.self: return Int(exactly: number) as? T
        case .bool(let flag) where T.self == Bool.self: return flag as? T
        default: return try? value.decoded(as: type)
        }
    }

    /// Sets the field to the wire form of `value`, or removes it when `value` is nil.
    public mutating func set(_ key: String, _ value: (some Encodable)?) {
        self[key] = value.flatMap { try? JSONValue(encoding: $0) }
    }
}

extension JSONObject {
    /// The field decoded as `T`; nil when it is absent or not a `T`.
    public func value<T: Decodable>(_ key: some CodingKey, as type: T.Type = T.self) -> T? {
        value(key.stringValue, as: type)
    }

    /// Sets the field to the wire form of `value`, or removes it when `value` is nil.
    public mutating func set(_ key: some CodingKey, _ value: (some Encodable)?) {
        set(key.stringValue, value)
    }

    /// The object at `decoder`, once `Shape` (the typed fields Kiln reads) decodes from it as well,
    /// so that a field of the wrong type is reported at its path.
    init<Shape: Decodable>(from decoder: any Decoder, checkedAs shape: Shape.Type) throws {
        _ = try Shape(from: decoder)
        try self.init(from: decoder)
    }

    /// The object, once `Shape` decodes from it as well.
    init<Shape: Decodable>(_ object: JSONObject, checkedAs shape: Shape.Type) throws {
        _ = try JSONValue.object(object).decoded(as: shape)
        self = object
    }
}
