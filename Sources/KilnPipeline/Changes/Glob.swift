/// A path pattern of `kiln.yml` (`databricks/**`, `results/**/*.xml`), anchored at the folder it is
/// relative to: `models/**` matches `models/a.rds`, never `src/models/a.rds`.
///
/// - `*` matches any characters within one path segment, never `/`; `?` matches one character.
/// - `**` as a whole segment matches zero or more segments: `**/*.py`, `a/**/b`, `models/**`.
/// - `[abc]`, `[a-z]`, `[!a]` (or `[^a]`) match one character of (or not of) the set.
/// - `\` makes the next character literal.
/// - A pattern also matches everything under a folder it matches, so `models`, `models/` and
///   `models/**` all mean "anything under models"; and `models/*` matches `models/sub/a.rds`, because
///   it matches the folder `models/sub`, as in `.gitignore`.
/// - No special case for dot files: `*` matches `.hidden`.
///
/// Patterns are relative: an absolute pattern or a `..` segment is rejected, so a pattern can never
/// reach outside the folder it is anchored at (the repository, or a build's storage folder).
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let segments: [Segment]

    public init(_ pattern: String) throws(GlobError) {
        guard !pattern.isEmpty else { throw .empty }
        guard !pattern.hasPrefix("/") else { throw .absolute(pattern) }
        var parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        while parts.first == "." { parts.removeFirst() }
        guard !parts.isEmpty else { throw .empty }
        guard !parts.contains("..") else { throw .parentSegment(pattern) }
        self.pattern = pattern
        self.segments = try parts.map { part throws(GlobError) in
            part == "**" ? .anyDepth : .name(try Self.tokens(of: part, in: pattern))
        }
    }

    /// A pattern that matches `path` and everything under it, whatever characters its names hold.
    init(literalPath path: String) {
        pattern = path
        segments = path.split(separator: "/").map { .name($0.map(Token.literal)) }
    }

    public var description: String { pattern }

    /// Whether `path` (relative, `/`-separated) is matched by the pattern or lies under a folder it matches.
    public func matches(_ path: String) -> Bool {
        let names = path.split(separator: "/", omittingEmptySubsequences: true)
        return Self.match(segments[...], names[...])
    }

    // MARK: - Matching

    private enum Segment: Hashable, Sendable {
        /// `**`: zero or more whole segments.
        case anyDepth
        case name([Token])
    }

    private enum Token: Hashable, Sendable {
        case literal(Character)
        case anyCharacters
        case anyCharacter
        case set(ranges: [ClosedRange<Character>], negated: Bool)
    }

    private static func match(_ segments: ArraySlice<Segment>, _ names: ArraySlice<Substring>) -> Bool {
        guard let segment = segments.first else { return true }  // the rest lies under a matched folder
        switch segment {
        case .anyDepth:
            return names.indices.contains { match(segments.dropFirst(), names[$0...]) }
                || match(segments.dropFirst(), names[names.endIndex...])
        case .name(let tokens):
            guard let name = names.first, match(tokens[...], Array(name)[...]) else { return false }
            return match(segments.dropFirst(), names.dropFirst())
        }
    }

    private static func match(_ tokens: ArraySlice<Token>, _ characters: ArraySlice<Character>) -> Bool {
        guard let token = tokens.first else { return characters.isEmpty }
        switch token {
        case .anyCharacters:
            return (characters.startIndex...characters.endIndex).contains { match(tokens.dropFirst(), characters[$0...]) }
        case .literal(let expected):
            return characters.first == expected && match(tokens.dropFirst(), characters.dropFirst())
        case .anyCharacter:
            return !characters.isEmpty && match(tokens.dropFirst(), characters.dropFirst())
        case .set(let ranges, let negated):
            guard let character = characters.first,
                ranges.contains(where: { $0.contains(character) }) != negated
            else { return false }
            return match(tokens.dropFirst(), characters.dropFirst())
        }
    }

    // MARK: - Parsing

    private static func tokens(of segment: Substring, in pattern: String) throws(GlobError) -> [Token] {
        var tokens: [Token] = []
        var characters = segment[...]
        while let character = characters.popFirst() {
            switch character {
            case "*":
                if tokens.last != .anyCharacters { tokens.append(.anyCharacters) }
            case "?":
                tokens.append(.anyCharacter)
            case "\\":
                tokens.append(.literal(characters.popFirst() ?? "\\"))
            case "[":
                tokens.append(try set(from: &characters, in: pattern))
            default:
                tokens.append(.literal(character))
            }
        }
        return tokens
    }

    /// Reads a bracket expression after its `[`, up to and including its `]`.
    private static func set(from characters: inout Substring, in pattern: String) throws(GlobError) -> Token {
        let negated = characters.first == "!" || characters.first == "^"
        if negated { characters.removeFirst() }
        var ranges: [ClosedRange<Character>] = []
        while let character = characters.popFirst() {
            if character == "]", !ranges.isEmpty { return .set(ranges: ranges, negated: negated) }
            if characters.first == "-", let upper = characters.dropFirst().first, upper != "]" {
                characters.removeFirst(2)
                guard character <= upper else { throw .invalidRange(pattern) }
                ranges.append(character...upper)
            } else {
                ranges.append(character...character)
            }
        }
        throw .unclosedBracket(pattern)
    }
}
