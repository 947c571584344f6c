import KilnAPI

extension CellContent {
    /// The language magics, by the word that opens the cell.
    private static let languageMagics: [String: NotebookLanguage] = [
        "%python": .python, "%r": .r, "%scala": .scala, "%sql": .sql,
    ]

    /// Classifies a magic cell, its prefixes already removed, by its first word, which is where
    /// the notebook runtime looks for the magic; text after the word on the same line belongs to
    /// the cell's body (`%md #Heading`, `%sh ls`).
    init(
        magicCell lines: ArraySlice<Substring>, language: NotebookLanguage, origin: CellOrigin
    ) throws(NotebookError) {
        let firstLine = lines.first?.trimmingPrefix(while: \.isWhitespace) ?? ""
        let word = firstLine.prefix { !$0.isWhitespace }
        guard word.hasPrefix("%") else {
            self = .code(SourceText.joined(lines))
            return
        }
        let operands = firstLine.dropFirst(word.count).trimmingPrefix(while: \.isWhitespace)
        let body = SourceText.joined(SourceText.trimmingBlankLines([operands] + lines.dropFirst()))
        switch word {
        case "%md", "%md-sandbox":
            self = .markdown(body)
        case "%run":
            guard lines.count == 1 else {
                throw .malformedRun(reason: "%run must be alone in its cell", origin: origin)
            }
            let command = try RunCommand(operands: operands, origin: origin)
            self = .run(path: command.path, arguments: command.arguments)
        case "%sh":
            self = .shell(body)
        case "%pip":
            self = .pip(body)
        case "%fs":
            self = .fs(body)
        case "%restart_python", "%load_ext", "%autoreload", "%matplotlib", "%config", "%reload_ext":
            self = .ipythonMagic(String(firstLine).trimmingCharacters(in: .whitespaces))
        default:
            guard let cellLanguage = Self.languageMagics[String(word)] else {
                self = .unknownMagic(String(word))
                return
            }
            self = cellLanguage == language ? .code(body) : .foreignLanguage(cellLanguage, code: body)
        }
    }
}
