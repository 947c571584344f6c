/// Line handling shared by the parser's steps.
///
/// A namespace rather than extensions on `Substring`, so that these names cannot collide with
/// other extensions in the module.
enum SourceText {
    /// Splits at LF and at CRLF; CRLF is a single `Character` in Swift, so splitting at `"\n"`
    /// alone would leave Windows files in one line.
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy(\.isWhitespace)
    }

    /// The lines without the blank ones at either end; blank lines inside are kept.
    static func trimmingBlankLines(_ lines: ArraySlice<Substring>) -> ArraySlice<Substring> {
        guard let first = lines.firstIndex(where: { !isBlank($0) }),
            let last = lines.lastIndex(where: { !isBlank($0) })
        else { return [] }
        return lines[first...last]
    }

    static func trimmingTrailingWhitespace(_ text: Substring) -> Substring {
        guard let last = text.lastIndex(where: { !$0.isWhitespace }) else { return text.prefix(0) }
        return text[...last]
    }

    static func trimmingWhitespace(_ text: Substring) -> Substring {
        trimmingTrailingWhitespace(text.trimmingPrefix(while: \.isWhitespace))
    }

    static func joined(_ lines: some Sequence<Substring>) -> String {
        lines.joined(separator: "\n")
    }
}
