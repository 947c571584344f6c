/// Finds an alias used in a mapping key (`*big: value`, `? *big`, `[*big, 1]: value`) in YAML
/// text, before Yams reads it: Yams hashes every mapping key to find duplicates, and an alias to a
/// node built of aliases (a "billion laughs") hashes in exponential time, so a 700-byte kiln.yml
/// held the loader for minutes (found by `make fuzz`). kiln.yml's keys are plain names; an alias
/// stays welcome as a value.
///
/// The scan knows the YAML it must skip to tell a key from text: quoted scalars (with their
/// escapes), block scalars (`|`, `>`), comments, plain scalars (a quote or `*` inside one is text).
/// Whatever it does not flag, Yams then parses as before.
struct AliasKeyScan {
    private let characters: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    /// Whether a scalar may start here (line start, after an indicator): only there do a quote,
    /// `*`, `|` or `>` mean anything.
    private var atScalarStart = true
    /// The open flow collections: where each started and whether it holds an alias.
    private var flows: [(line: Int, column: Int, holdsAlias: Bool)] = []

    private init(_ text: String) { characters = Array(text.unicodeScalars) }

    /// The line and column (from 1) of the first alias used in a key, or nil.
    static func firstAliasKey(in text: String) -> (line: Int, column: Int)? {
        var scan = AliasKeyScan(text)
        return scan.run()
    }

    private mutating func run() -> (line: Int, column: Int)? {
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\n":
                newLine()
                continue
            case " ", "\t", "\r":
                break
            case "#" where index == lineStart || isBlank(at: index - 1):
                skipToEndOfLine()
                continue
            case "\"" where atScalarStart, "'" where atScalarStart:
                skipQuoted(character)
                atScalarStart = false
                continue
            case "|" where atScalarStart && flows.isEmpty, ">" where atScalarStart && flows.isEmpty:
                skipBlockScalar()
                continue
            case "*" where atScalarStart:
                if let found = alias() { return found }
                continue
            case "[", "{":
                flows.append((line, index - lineStart + 1, false))
                atScalarStart = true
            case "]", "}":
                let closed = flows.popLast()
                index += 1
                if let closed, closed.holdsAlias {
                    if isKeyIndicator() { return (closed.line, closed.column) }
                    if !flows.isEmpty { flows[flows.count - 1].holdsAlias = true }
                }
                atScalarStart = false
                continue
            case ",":
                atScalarStart = !flows.isEmpty
            case "?", "-", ":":
                // An indicator only when a blank (or, in flow, a flow character) follows; else text (`a:b`, `-1`).
                atScalarStart = isBlank(at: index + 1) || (!flows.isEmpty && [",", "]", "}"].contains(self.character(at: index + 1)))
            default:
                atScalarStart = false
            }
            index += 1
        }
        return nil
    }

    /// At `*`: reads the alias; returns its place when it is a key (followed by `:`, or after `?`).
    private mutating func alias() -> (line: Int, column: Int)? {
        let start = (line, index - lineStart + 1)
        let explicitKey = previousNonBlank() == "?"
        index += 1
        while index < characters.count, isAnchorCharacter(characters[index]) { index += 1 }
        if explicitKey || isKeyIndicator() { return start }
        if !flows.isEmpty { flows[flows.count - 1].holdsAlias = true }
        atScalarStart = false
        return nil
    }

    /// Whether what follows (after blanks on this line) is `:` used as a key indicator.
    private func isKeyIndicator() -> Bool {
        var position = index
        while position < characters.count, characters[position] == " " || characters[position] == "\t" { position += 1 }
        guard position < characters.count, characters[position] == ":" else { return false }
        let next = character(at: position + 1)
        return next == nil || isBlank(at: position + 1) || [",", "]", "}"].contains(next)
    }

    private mutating func skipQuoted(_ quote: Unicode.Scalar) {
        index += 1
        while index < characters.count {
            let character = characters[index]
            if character == "\n" {
                newLine()
                continue
            }
            if quote == "\"" && character == "\\" {
                index += 2
                continue
            }
            if character == quote {
                // '' is an escaped quote inside single quotes.
                if quote == "'" && self.character(at: index + 1) == "'" {
                    index += 2
                    continue
                }
                index += 1
                return
            }
            index += 1
        }
    }

    /// Skips a block scalar's header and every following line indented deeper than the line it starts on.
    private mutating func skipBlockScalar() {
        let indent = indentation(from: lineStart)
        skipToEndOfLine()
        while index < characters.count {
            newLine()
            let start = index
            let lineIndent = indentation(from: start)
            let blank = start + lineIndent >= characters.count || characters[start + lineIndent] == "\n"
            guard blank || lineIndent > indent else { return }
            skipToEndOfLine()
        }
    }

    private mutating func newLine() {
        index += 1
        line += 1
        lineStart = index
        atScalarStart = true
    }

    private mutating func skipToEndOfLine() {
        while index < characters.count, characters[index] != "\n" { index += 1 }
    }

    private func indentation(from start: Int) -> Int {
        var position = start
        while position < characters.count, characters[position] == " " { position += 1 }
        return position - start
    }

    private func previousNonBlank() -> Unicode.Scalar? {
        var position = index - 1
        while position >= lineStart, characters[position] == " " || characters[position] == "\t" { position -= 1 }
        return position >= lineStart ? characters[position] : nil
    }

    private func character(at position: Int) -> Unicode.Scalar? {
        position < characters.count ? characters[position] : nil
    }

    private func isBlank(at position: Int) -> Bool {
        guard let character = character(at: position) else { return true }
        return character == " " || character == "\t" || character == "\n" || character == "\r"
    }

    /// libyaml's anchor and alias names: letters, digits, `-` and `_`.
    private func isAnchorCharacter(_ character: Unicode.Scalar) -> Bool {
        character.properties.isAlphabetic || ("0"..."9").contains(character) || character == "-" || character == "_"
    }
}
