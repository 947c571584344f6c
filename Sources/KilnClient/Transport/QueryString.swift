/// A parameter of a GET's query string.
struct QueryItem: Sendable, Hashable {
    var name: String
    var value: String

    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Query strings and URL paths as the client writes them: everything but RFC 3986's unreserved
/// characters percent-encoded, so a value can never be read as another parameter.
enum QueryString {
    /// `?a=1&b=2`, or "" when there is no item; with `masked`, values of parameters whose name
    /// suggests a secret (`token`, `secret`, `password`, `key`, `signature`, `credential`, `code`) are `***`.
    static func encode(_ items: [QueryItem], masked: Bool = false) -> String {
        guard !items.isEmpty else { return "" }
        return "?"
            + items.map { item in
                let value = masked && isSensitive(item.name) ? "***" : escape(item.value)
                return "\(escape(item.name))=\(value)"
            }.joined(separator: "&")
    }

    /// A path with each segment escaped and its slashes kept: `/Volumes/a b` → `/Volumes/a%20b`.
    static func escapePath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "/")
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            if unreserved(byte) {
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                escaped += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return escaped
    }

    private static let sensitiveWords = ["token", "secret", "password", "key", "signature", "credential", "code"]

    static func isSensitive(_ name: String) -> Bool {
        let name = name.lowercased()
        return sensitiveWords.contains { name.contains($0) }
    }

    private static func unreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
