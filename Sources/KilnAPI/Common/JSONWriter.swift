import Foundation

extension JSONValue {
    /// The value as compact JSON text, every object's keys in their order and integers as integers:
    /// what Kiln sends and stores for settings it passes through.
    public func jsonData() -> Data {
        var writer = JSONWriter()
        writer.write(self)
        return Data(writer.text.utf8)
    }
}

/// Writes compact JSON text; slashes are not escaped, as `WireCoding` does not escape them.
struct JSONWriter {
    var text = ""

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .integer(let number): text += String(number)
        case .number(let number): text += number.isFinite ? "\(number)" : "null"
        case .string(let string): write(string)
        case .array(let elements):
            text += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { text += "," }
                write(element)
            }
            text += "]"
        case .object(let object):
            text += "{"
            for (position, (key, element)) in object.enumerated() {
                if position > 0 { text += "," }
                write(key)
                text += ":"
                write(element)
            }
            text += "}"
        }
    }

    private mutating func write(_ string: String) {
        text += "\"" + string.escapedForJSONString + "\""
    }
}
