/// A strict, non-validating XML reader for test results files, over the file's bytes.
///
/// Results come from machines Kiln does not control, so it reads only what JUnit needs and
/// refuses the rest by construction: a DTD (`<!DOCTYPE`) is an error, so no external entity is
/// ever fetched and no entity can expand (the five predefined entities and numeric references
/// are all it knows); nesting is bounded; every error carries the line and column. It reads
/// UTF-8 (the encoding every JUnit producer writes); bytes that are not UTF-8 are replaced as
/// they are decoded, since a test's captured output should not cost its results.
///
/// It is a pull reader: `next()` gives one event at a time and keeps nothing but the open
/// elements' names, so memory does not grow with the file; text is handed out as a range of the
/// bytes and decoded only by a caller that wants it.
struct XMLScanner: ~Copyable {
    /// One step through the document.
    enum Event {
        case start(name: String, attributes: XMLAttributes, selfClosing: Bool)
        case end(name: String)
        /// Character data, entity references not yet decoded (``text(_:)`` decodes).
        case text(Range<Int>)
        /// A CDATA section's content, taken as it is.
        case cdata(Range<Int>)
    }

    /// The deepest nesting read; JUnit needs four or five levels.
    static let maxDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var open: [String] = []
    private var sawRoot = false
    private var pendingEnd: String?
    /// Where the last event began, for errors the caller finds (a root that is not JUnit).
    private var eventStart = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The names of the elements open at this point, outermost first.
    var openElements: [String] { open }

    /// The line the last event began on.
    var line: Int { location(of: eventStart).line }

    /// The next event; nil at the end of a complete document.
    mutating func next() throws(XMLScanError) -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            return try close(name, at: position)
        }
        while position < bytes.count {
            eventStart = position
            guard bytes[position] == UInt8(ascii: "<") else {
                let start = position
                position = find(UInt8(ascii: "<"), from: position) ?? bytes.count
                if open.isEmpty {
                    guard isBlank(start..<position) else {
                        throw error(at: start, sawRoot ? "there is content after the end of the root element" : "the file is not XML")
                    }
                    continue
                }
                return .text(start..<position)
            }
            if let event = try markup() { return event }
        }
        if !open.isEmpty {
            throw error(at: bytes.count, "the file ends inside <\(open.last!)>; it looks cut off, was it written completely?")
        }
        if !sawRoot {
            if isBlank(0..<bytes.count) { throw error(at: 0, "the file is empty") }
            throw error(at: bytes.count, "the file has no root element")
        }
        return nil
    }

    /// Decodes character data: entity and character references, and line ends made `\n`.
    func text(_ range: Range<Int>) throws(XMLScanError) -> String {
        try decode(range, normalizingWhitespace: false)
    }

    /// Decodes a CDATA section: only line ends are made `\n`.
    func cdata(_ range: Range<Int>) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return raw.contains("\r") ? raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : raw
    }

    // MARK: - Markup

    /// Reads the markup at `<`: an element's start or end, a comment, a CDATA section, a
    /// processing instruction; nil for what produces no event.
    private mutating func markup() throws(XMLScanError) -> Event? {
        let start = position
        guard position + 1 < bytes.count else { throw error(at: start, "the file ends inside a tag") }
        switch bytes[position + 1] {
        case UInt8(ascii: "?"):
            guard let end = find("?>", from: position + 2) else { throw error(at: start, "a processing instruction is not closed") }
            try checkDeclaration(start..<end)
            position = end + 2
            return nil
        case UInt8(ascii: "!"):
            if matches("<!--", at: position) {
                guard let end = find("-->", from: position + 4) else { throw error(at: start, "a comment is not closed") }
                position = end + 3
                return nil
            }
            if matches("<![CDATA[", at: position) {
                guard !open.isEmpty else { throw error(at: start, "a CDATA section outside the root element") }
                guard let end = find("]]>", from: position + 9) else { throw error(at: start, "a CDATA section is not closed") }
                position = end + 3
                return .cdata(start + 9..<end)
            }
            if matches("<!DOCTYPE", at: position) {
                throw error(
                    at: start,
                    "a DTD (<!DOCTYPE>) is refused: results files need none, and a DTD can make a reader fetch files or expand entities without bound"
                )
            }
            throw error(at: start, "unknown markup <!…")
        case UInt8(ascii: "/"):
            position += 2
            let name = try readName()
            skipBlanks()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
                throw error(at: position, "an end tag </\(name)> is not closed")
            }
            position += 1
            return try close(name, at: start)
        default:
            return try startTag()
        }
    }

    private mutating func startTag() throws(XMLScanError) -> Event {
        let start = position
        position += 1
        let name = try readName()
        if open.isEmpty {
            guard !sawRoot else { throw error(at: start, "there is content after the end of the root element") }
            sawRoot = true
        }
        guard open.count < Self.maxDepth else {
            throw error(at: start, "elements nest deeper than \(Self.maxDepth) levels; no results file needs that")
        }
        var attributes = XMLAttributes()
        while true {
            let blank = skipBlanks()
            guard position < bytes.count else { throw error(at: start, "the file ends inside the tag <\(name)>") }
            switch bytes[position] {
            case UInt8(ascii: ">"):
                position += 1
                open.append(name)
                return .start(name: name, attributes: attributes, selfClosing: false)
            case UInt8(ascii: "/"):
                guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") else {
                    throw error(at: position, "a stray / in the tag <\(name)>")
                }
                position += 2
                open.append(name)
                pendingEnd = name
                return .start(name: name, attributes: attributes, selfClosing: true)
            default:
                guard blank else { throw error(at: position, "attributes of <\(name)> must be separated by spaces") }
                let attributeStart = position
                let attributeName = try readName()
                skipBlanks()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                    throw error(at: position, "the attribute \(attributeName) of <\(name)> has no value")
                }
                position += 1
                skipBlanks()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                    throw error(at: position, "the value of \(attributeName) in <\(name)> is not quoted")
                }
                let quote = bytes[position]
                guard let end = find(quote, from: position + 1) else {
                    throw error(at: position, "the value of \(attributeName) in <\(name)> is not closed")
                }
                if attributes[attributeName] != nil {
                    throw error(at: attributeStart, "<\(name)> has the attribute \(attributeName) twice")
                }
                attributes.pairs.append((attributeName, try decode(position + 1..<end, normalizingWhitespace: true)))
                position = end + 1
            }
        }
    }

    private mutating func close(_ name: String, at start: Int) throws(XMLScanError) -> Event {
        guard let innermost = open.last else { throw error(at: start, "an end tag </\(name)> with no element open") }
        guard innermost == name else { throw error(at: start, "the end tag </\(name)> does not match the open <\(innermost)>") }
        open.removeLast()
        return .end(name: name)
    }

    /// An XML declaration may say only version 1.x and UTF-8 (or ASCII, a subset of it).
    private func checkDeclaration(_ range: Range<Int>) throws(XMLScanError) {
        guard matches("<?xml", at: range.lowerBound), range.count > 5, Self.isBlank(bytes[range.lowerBound + 5]) else { return }
        let declaration = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).lowercased()
        guard let encoding = declaration.firstMatch(of: /encoding\s*=\s*["']([^"']*)["']/)?.1 else { return }
        guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(String(encoding)) else {
            throw error(at: range.lowerBound, "the file declares the encoding \(encoding); Kiln reads results written in UTF-8")
        }
    }

    // MARK: - Names, text, references

    private mutating func readName() throws(XMLScanError) -> String {
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position], first: position == start) { position += 1 }
        guard position > start else { throw error(at: start, "a tag or attribute has no name") }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private func decode(_ range: Range<Int>, normalizingWhitespace: Bool) throws(XMLScanError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        // Most text has no reference, no carriage return, no tab: decoded in one step.
        if !slice.contains(where: { $0 == UInt8(ascii: "&") || $0 == 0x0D || (normalizingWhitespace && ($0 == 0x09 || $0 == 0x0A)) }) {
            return String(decoding: slice, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "&"):
                guard let semicolon = find(UInt8(ascii: ";"), from: index + 1), semicolon < range.upperBound, semicolon - index <= 12 else {
                    throw error(at: index, "a & that starts no reference; write &amp; for a literal &")
                }
                out.append(contentsOf: try reference(index + 1..<semicolon, at: index))
                index = semicolon + 1
                continue
            case 0x0D:
                out.append(normalizingWhitespace ? 0x20 : 0x0A)
                if index + 1 < range.upperBound, bytes[index + 1] == 0x0A { index += 1 }
            case 0x09,
                0x0A where normalizingWhitespace:
                out.append(0x20)
            default:
                out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The UTF-8 bytes of the reference between `&` and `;`.
    private func reference(_ range: Range<Int>, at start: Int) throws(XMLScanError) -> [UInt8] {
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        switch name {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            let value: UInt32? =
                name.hasPrefix("#x")
                ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst(), radix: 10) : nil
            guard let value else {
                throw error(
                    at: start, "the entity &\(name); is not declared; XML only knows &amp; &lt; &gt; &quot; &apos; and numeric references")
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else { throw error(at: start, "&\(name); is not a character") }
            return Array(String(Character(scalar)).utf8)
        }
    }

    // MARK: - Bytes

    @discardableResult
    private mutating func skipBlanks() -> Bool {
        let start = position
        while position < bytes.count, Self.isBlank(bytes[position]) { position += 1 }
        return position > start
    }

    private func isBlank(_ range: Range<Int>) -> Bool {
        UnsafeBufferPointer(rebasing: bytes[range]).allSatisfy(Self.isBlank)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"),
            0x80...0xFF:
            true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
            !first
        default:
            false
        }
    }

    private func find(_ byte: UInt8, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[start...]).firstIndex(of: byte).map { $0 + start }
    }

    private func find(_ text: StaticString, from start: Int) -> Int? {
        let first = text.utf8Start[0]
        var index = start
        while let candidate = find(first, from: index) {
            if matches(text, at: candidate) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    private func matches(_ text: StaticString, at index: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
        return true
    }

    /// An error at byte `offset`, with its line and column.
    private func error(at offset: Int, _ reason: String) -> XMLScanError {
        let (line, column) = location(of: offset)
        return XMLScanError(line: line, column: column, reason: reason)
    }

    /// The line and column of byte `offset`, counted only when asked: errors are rare.
    private func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}

/// An element's attributes in document order: a handful at most, so a list looked through beats a
/// dictionary built for every element.
struct XMLAttributes {
    var pairs: [(name: String, value: String)] = []

    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }
}

/// Why a file is not a well-formed document ``XMLScanner`` reads, and where.
struct XMLScanError: Error, Sendable, Hashable {
    var line: Int
    var column: Int
    var reason: String
}
