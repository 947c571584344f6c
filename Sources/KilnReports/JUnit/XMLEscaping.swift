/// Escapes text for XML 1.0 so that a parser reads back exactly what was written.
///
/// Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) are removed; a
/// test's ANSI colour codes or binary output must not make the whole results file unreadable.
enum XMLEscaping {
    /// For a double-quoted attribute value: tabs and line breaks become references, because a
    /// parser would otherwise normalize them to spaces.
    static func attribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    /// For element content: carriage returns become references, because a parser would
    /// otherwise turn `\r\n` into `\n`.
    static func text(_ value: String) -> String {
        escape(value, inAttribute: false)
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        // Most names and times need nothing: they are returned as they are, unscanned by scalar.
        if value.utf8.allSatisfy({ byte in
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), 0x0D, 0xEF: false
            case 0x0A, 0x09: !inAttribute
            default: byte >= 0x20
            }
        }) {
            return value
        }
        var escaped = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\r": escaped.append(contentsOf: "&#13;".unicodeScalars)
            case "\"" where inAttribute: escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "\n" where inAttribute: escaped.append(contentsOf: "&#10;".unicodeScalars)
            case "\t" where inAttribute: escaped.append(contentsOf: "&#9;".unicodeScalars)
            case _ where isAllowedInXML(scalar): escaped.append(scalar)
            default: break
            }
        }
        return String(escaped)
    }

    /// XML 1.0's `Char` production; Swift strings hold no lone surrogates, so those need no check.
    private static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xFFFD, 0x10000...0x10FFFF: scalar.value != 0xFFFE
        default: false
        }
    }
}
