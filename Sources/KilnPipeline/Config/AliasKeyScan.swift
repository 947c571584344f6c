/// Finds an alias used as a mapping key (`*big: value`, `? *big`) in YAML text, before Yams reads
/// it: Yams hashes every mapping key to find duplicates, and an alias to a node built of aliases
/// (a "billion laughs") hashes in exponential time, so a 700-byte kiln.yml held the loader for
/// minutes (found by `make fuzz`). kiln.yml's keys are plain names; an alias stays welcome as a value.
///
/// The scan knows enough YAML to skip quoted text and comments; anything it does not flag is then
/// parsed by Yams as before.
enum AliasKeyScan {
    /// The line and column (from 1) of the first alias used as a key, or nil.
    static func firstAliasKey(in text: String) -> (line: Int, column: Int)? {
        let characters = Array(text.unicodeScalars)
        var line = 1
        var lineStart = 0
        var quote: Unicode.Scalar?
        var index = 0
        var previous: Unicode.Scalar = "\n"
        while index < characters.count {
            let character = characters[index]
            if character == "\n" {
                line += 1
                lineStart = index + 1
            }
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'", Self.startsToken(after: previous) {
                quote = character
            } else if character == "#", Self.startsToken(after: previous) {
                while index + 1 < characters.count, characters[index + 1] != "\n" { index += 1 }
            } else if character == "*", Self.startsToken(after: previous) || previous == "?" {
                var end = index + 1
                while end < characters.count, Self.isAnchorCharacter(characters[end]) { end += 1 }
                var after = end
                while after < characters.count, characters[after] == " " || characters[after] == "\t" { after += 1 }
                let explicitKey = Self.isExplicitKey(characters, before: index)
                if end > index + 1, explicitKey || (after < characters.count && characters[after] == ":") {
                    return (line, index - lineStart + 1)
                }
            }
            previous = character
            index += 1
        }
        return nil
    }

    /// Whether a token may start after `character` (an indicator or a quote is an indicator only there).
    private static func startsToken(after character: Unicode.Scalar) -> Bool {
        [" ", "\t", "\n", "\r", "[", "{", ",", ":", "-"].contains(character)
    }

    /// libyaml's anchor and alias names: letters, digits, `-` and `_`.
    private static func isAnchorCharacter(_ character: Unicode.Scalar) -> Bool {
        character.properties.isAlphabetic || ("0"..."9").contains(character) || character == "-" || character == "_"
    }

    /// Whether the alias at `index` follows `? ` (an explicit key).
    private static func isExplicitKey(_ characters: [Unicode.Scalar], before index: Int) -> Bool {
        var position = index - 1
        while position >= 0, characters[position] == " " || characters[position] == "\t" { position -= 1 }
        return position >= 0 && characters[position] == "?"
    }
}
