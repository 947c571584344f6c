/// The operands of a `%run` line: `<path> [$key=value …]`.
struct RunCommand: Sendable, Hashable {
    /// The target as written: relative (`./x`, `../x`, `x`) or absolute, without extension.
    let path: String
    /// Widget values for the target; when a key repeats, the last value wins.
    let arguments: [String: String]

    /// Reads the text after `%run`. Double or single quotes let a path or value hold spaces
    /// (`$greeting="hello world"`, the form the Databricks documentation shows).
    init(operands: Substring, origin: CellOrigin) throws(NotebookError) {
        let words = try Self.words(operands, origin: origin)
        guard let path = words.first, !path.hasPrefix("$") else {
            throw .malformedRun(reason: "no notebook path after %run", origin: origin)
        }
        var arguments: [String: String] = [:]
        for word in words.dropFirst() {
            let assignment = word.dropFirst()
            guard word.hasPrefix("$"), let equals = assignment.firstIndex(of: "="),
                equals > assignment.startIndex
            else {
                throw .malformedRun(reason: "`\(word)` is not a $key=value argument", origin: origin)
            }
            arguments[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        self.path = path
        self.arguments = arguments
    }

    /// Splits at unquoted whitespace, removing the quotes; `""` is an empty word, not none.
    private static func words(_ text: Substring, origin: CellOrigin) throws(NotebookError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var openQuote: Character?
        for character in text {
            if let quote = openQuote {
                if character == quote { openQuote = nil } else { word.append(character) }
            } else if character.isWhitespace {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                inWord = true
                if character == "\"" || character == "'" {
                    openQuote = character
                } else {
                    word.append(character)
                }
            }
        }
        if let quote = openQuote {
            throw .malformedRun(reason: "unterminated \(quote) quote", origin: origin)
        }
        if inWord { words.append(word) }
        return words
    }
}
