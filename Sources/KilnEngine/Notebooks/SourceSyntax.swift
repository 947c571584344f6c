import KilnAPI

/// The marker lines of the SOURCE format in one language: the same words behind each language's
/// line comment (`#`, `//`, `--`), so that an exported notebook stays a valid program.
struct SourceSyntax: Sendable {
    /// The exact first line that makes a file a notebook rather than a plain script.
    let header: String
    /// The exact line between two cells.
    let separator: String
    /// Starts every line of a magic cell; the prefix alone (or with one trailing space) is a blank line.
    let magicPrefix: String
    /// Starts a cell's first line when the cell has a title: `# DBTITLE 1,<title>`.
    let titlePrefix: String

    init(_ language: NotebookLanguage) {
        let comment = language.commentPrefix
        header = "\(comment) Databricks notebook source"
        separator = "\(comment) COMMAND ----------"
        magicPrefix = "\(comment) MAGIC"
        titlePrefix = "\(comment) DBTITLE "
    }

    /// Header and separator lines are exact, but editors may leave trailing whitespace behind.
    func isHeader(_ line: Substring) -> Bool {
        SourceText.trimmingTrailingWhitespace(line) == header
    }

    func isSeparator(_ line: Substring) -> Bool {
        SourceText.trimmingTrailingWhitespace(line) == separator
    }

    /// The line without its magic prefix, or nil when the line has none.
    func unprefixedMagic(_ line: Substring) -> Substring? {
        if line == magicPrefix { return "" }
        guard line.hasPrefix(magicPrefix + " ") else { return nil }
        return line.dropFirst(magicPrefix.count + 1)
    }

    /// The title a `DBTITLE <flag>,<title>` line gives, or nil when the line is not one.
    ///
    /// The number before the comma is a display flag of the UI and carries no meaning here.
    func cellTitle(_ line: Substring) -> String? {
        guard line.hasPrefix(titlePrefix) else { return nil }
        let flagAndTitle = line.dropFirst(titlePrefix.count)
        guard let comma = flagAndTitle.firstIndex(of: ","),
            !flagAndTitle[..<comma].isEmpty,
            flagAndTitle[..<comma].allSatisfy(\.isWholeNumber)
        else { return nil }
        return String(SourceText.trimmingWhitespace(flagAndTitle[flagAndTitle.index(after: comma)...]))
    }
}
