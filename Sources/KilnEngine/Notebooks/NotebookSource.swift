import KilnAPI

/// Reads the Databricks notebook SOURCE format: the text a workspace export gives and an import
/// takes, in which cells are comment-delimited so that the file is still a valid program.
public enum NotebookSource {
    /// Splits `text` into classified cells.
    ///
    /// The language is a parameter because Python and R notebooks share the `#` header. A file
    /// without the header line is a plain script and becomes one code cell, its magic-looking
    /// comments left alone; a header with only blank lines after it has no cells. A UTF-8
    /// byte-order mark and CRLF line endings are accepted.
    ///
    /// - Parameter name: how errors name the notebook; the workspace path when there is one.
    /// - Throws: `NotebookError.malformedRun` when a `%run` cell cannot be read.
    public static func parse(
        _ text: String, name: String, language: NotebookLanguage
    ) throws(NotebookError) -> ParsedNotebook {
        let syntax = SourceSyntax(language)
        let lines = SourceText.lines(of: text.first == "\u{FEFF}" ? String(text.dropFirst()) : text)
        guard let firstLine = lines.first, syntax.isHeader(firstLine) else {
            return ParsedNotebook(name: name, language: language, cells: scriptCells(lines))
        }
        let body = lines.dropFirst()
        if body.allSatisfy(SourceText.isBlank) {
            return ParsedNotebook(name: name, language: language, cells: [])
        }
        var cells: [NotebookCell] = []
        for (offset, cellLines) in body.split(
            omittingEmptySubsequences: false, whereSeparator: syntax.isSeparator
        ).enumerated() {
            let origin = CellOrigin(notebook: name, cell: offset + 1)
            cells.append(try cell(cellLines, origin: origin, syntax: syntax, language: language))
        }
        return ParsedNotebook(name: name, language: language, cells: cells)
    }

    private static func scriptCells(_ lines: [Substring]) -> [NotebookCell] {
        let code = SourceText.trimmingBlankLines(lines[...])
        return code.isEmpty ? [] : [NotebookCell(index: 1, content: .code(SourceText.joined(code)))]
    }

    /// A cell is a magic cell when its first line (after any title) carries the magic prefix.
    ///
    /// Exports prefix every line of such a cell; a hand-edited line without the prefix is kept as
    /// it is rather than turning the whole cell into code that would silently do nothing.
    private static func cell(
        _ lines: ArraySlice<Substring>, origin: CellOrigin, syntax: SourceSyntax,
        language: NotebookLanguage
    ) throws(NotebookError) -> NotebookCell {
        var lines = SourceText.trimmingBlankLines(lines)
        let title = lines.first.flatMap(syntax.cellTitle)
        if title != nil {
            lines = SourceText.trimmingBlankLines(lines.dropFirst())
        }
        guard let firstLine = lines.first, syntax.unprefixedMagic(firstLine) != nil else {
            return NotebookCell(index: origin.cell, title: title, content: .code(SourceText.joined(lines)))
        }
        let magicLines = SourceText.trimmingBlankLines(lines.map { syntax.unprefixedMagic($0) ?? $0 }[...])
        let content = try CellContent(magicCell: magicLines, language: language, origin: origin)
        return NotebookCell(index: origin.cell, title: title, content: content)
    }
}
