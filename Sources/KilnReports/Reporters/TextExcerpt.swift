/// The first lines of a long text such as a traceback, so a summary stays readable; the full text
/// is in the JUnit file.
struct TextExcerpt {
    let lines: [Substring]
    /// How many lines were left out.
    let omitted: Int

    /// Leading and trailing blank lines do not count.
    init(_ text: String, maxLines: Int) {
        var all = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        while let first = all.first, first.allSatisfy(\.isWhitespace) { all.removeFirst() }
        while let last = all.last, last.allSatisfy(\.isWhitespace) { all.removeLast() }
        lines = Array(all.prefix(max(maxLines, 0)))
        omitted = all.count - lines.count
    }

    /// The lines, then `... (N more lines)` when some were left out.
    var displayLines: [String] {
        lines.map(String.init) + (omitted > 0 ? ["... (\(omitted) more lines)"] : [])
    }
}
