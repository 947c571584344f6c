import Foundation

extension JSONValue {
    /// Parses JSON text keeping what `JSONDecoder` loses: the order of every object's keys, and
    /// whether a number was written as an integer.
    public init(parsing data: Data) throws(JSONSyntaxError) {
        var parser = JSONParser(bytes: Array(data))
        self = try parser.document()
    }
}

/// Where JSON text is broken, as a byte offset and what was expected there.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var problem: String
    public var description: String { "\(problem) at byte \(offset)" }
}

/// A recursive-descent parser of RFC 8259 JSON.
///
/// Nesting stops at ``maximumDepth`` levels, with an error: each level is a stack frame here and
/// in everything that walks the value afterwards, and a task's stack is small, so a template or a
/// request body nested 10,000 deep would otherwise crash the process.
struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    private var depth = 0

    /// As deep as `JSONDecoder` and Python's `json` go by default; far beyond any job settings.
    static let maximumDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        let value = try self.value()
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the JSON value") }
        return value
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of the text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try object())
        case UInt8(ascii: "["): return .array(try array())
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    /// Enters an object or array; fails past ``maximumDepth``.
    private mutating func descend() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("objects and arrays nested deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONObject {
        try descend()
        defer { depth -= 1 }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if consume("}") { return object }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key in quotes") }
            let key = try string()
            skipWhitespace()
            guard consume(":") else { throw failure("expected ':' after a key") }
            object[key] = try value()
            skipWhitespace()
        } while consume(",")
        guard consume("}") else { throw failure("expected ',' or '}' in an object") }
        return object
    }

    private mutating func array() throws(JSONSyntaxError) -> [JSONValue] {
        try descend()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume("]") { return elements }
        repeat {
            elements.append(try value())
            skipWhitespace()
        } while consume(",")
        guard consume("]") else { throw failure("expected ',' or ']' in an array") }
        return elements
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                scalars.append(try escape())
            case ..<0x20: throw failure("a control character in a string must be escaped")
            default: run.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard index < bytes.count else { throw failure("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            if (0xD800..<0xDC00).contains(unit), consume("\\"), consume("u") {
                let low = try hexUnit()
                if let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) { return scalar }
            }
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        default: throw failure("unknown escape '\\\(Unicode.Scalar(byte))'")
        }
    }

    private mutating func hexUnit() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count, let unit = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw failure("expected four hex digits after \\u")
        }
        index += 4
        return unit
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var isInteger = true
        _ = consume("-")
        // A leading zero stands alone (RFC 8259): "01" is not a number.
        if !consume("0") {
            guard digits() > 0 else { throw failure("expected a value") }
        }
        if consume(".") {
            isInteger = false
            guard digits() > 0 else { throw failure("expected digits after '.'") }
        }
        if consume("e") || consume("E") {
            isInteger = false
            _ = consume("+") || consume("-")
            guard digits() > 0 else { throw failure("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let number = Double(text) else { throw failure("a number out of range") }
        return .number(number)
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let utf8 = Array(word.utf8)
        guard bytes[index...].starts(with: utf8) else { throw failure("expected a value") }
        index += utf8.count
        return value
    }

    private mutating func consume(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func failure(_ problem: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, problem: problem)
    }
}
