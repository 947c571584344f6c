import KilnReports
import Yams

/// A node of `kiln.yml` together with its key path and file, so that whatever is read from it can say
/// where it was written.
///
/// The configuration is read from the composed YAML tree rather than through `Decodable`: the tree
/// knows the line and column of every value, which `DecodingError` does not, and the readers below
/// reject unknown keys and report wrong types in the schema's own words.
struct ConfigNode {
    let node: Node
    let keyPath: [String]
    let file: String
    /// Where the key of this value is written (the element itself in a list); nil for the root.
    var keyMark: Mark? = nil

    /// Where the value is written.
    var location: CodeLocation { Self.location(file, node.mark) }

    /// Where the key is written: what a problem with the key itself, or its mapping, points at.
    var keyLocation: CodeLocation { Self.location(file, keyMark ?? node.mark) }

    func error(_ problem: ConfigError.Problem) -> ConfigError {
        ConfigError(problem, at: location, keyPath: dottedKeyPath)
    }

    func keyError(_ problem: ConfigError.Problem) -> ConfigError {
        ConfigError(problem, at: keyLocation, keyPath: dottedKeyPath)
    }

    /// A value of the right type that is not allowed; `explanation` says why and what to write instead.
    func invalid(_ explanation: String) -> ConfigError {
        error(.invalidValue(explanation))
    }

    private var dottedKeyPath: String? { keyPath.isEmpty ? nil : keyPath.joined(separator: ".") }

    private static func location(_ file: String, _ mark: Mark?) -> CodeLocation {
        CodeLocation(file: file, line: mark?.line, column: mark?.column)
    }

    /// A plain `~`, `null` or nothing at all after the colon: the key is present but says nothing.
    var isNull: Bool { node.null != nil }

    func string() throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw wrongType(expected: "a string") }
        return scalar.string
    }

    /// A string that must say something: empty text is never a meaningful path, name or pattern.
    func nonEmptyString() throws(ConfigError) -> String {
        let text = try string()
        guard !text.isEmpty else { throw invalid("the value is empty; write one or remove the key") }
        return text
    }

    func integer() throws(ConfigError) -> Int {
        guard case .scalar = node, let value = node.int else { throw wrongType(expected: "a whole number") }
        return value
    }

    func sequence() throws(ConfigError) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw wrongType(expected: "a list") }
        return sequence.enumerated().map { index, element in
            child(element, key: String(index), keyMark: element.mark)
        }
    }

    /// The entries of a mapping whose keys are the user's names (variables, parameters, targets).
    func entries() throws(ConfigError) -> [(name: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else { throw wrongType(expected: "a mapping") }
        var entries: [(name: String, value: ConfigNode)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw ConfigNode(node: key, keyPath: keyPath, file: file).wrongType(expected: "a plain key")
            }
            entries.append((scalar.string, child(value, key: scalar.string, keyMark: key.mark)))
        }
        return entries
    }

    /// A mapping whose keys must all be among `known`; an unknown key is reported at the key with the
    /// closest known key suggested, since it is most often a typo.
    func mapping(knownKeys known: [String]) throws(ConfigError) -> ConfigMapping {
        var values: [String: ConfigNode] = [:]
        for (name, value) in try entries() {
            guard known.contains(name) else {
                throw value.keyError(.unknownKey(name, suggestion: Self.closest(to: name, among: known), known: known))
            }
            values[name] = value
        }
        return ConfigMapping(owner: self, values: values)
    }

    private func child(_ node: Node, key: String, keyMark: Mark?) -> ConfigNode {
        ConfigNode(node: node, keyPath: keyPath + [key], file: file, keyMark: keyMark)
    }

    private func wrongType(expected: String) -> ConfigError {
        let found =
            switch node {
            case .mapping: "a mapping"
            case .sequence: "a list"
            case .scalar where isNull: "no value"
            case .scalar(let scalar): "`\(scalar.string)`"
            case .alias: "an alias"
            }
        return error(.wrongType(expected: expected, found: found))
    }

    /// The known key within a few edits of `key`, if any.
    private static func closest(to key: String, among known: [String]) -> String? {
        let scored = known.map { ($0, editDistance(key.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, key.count / 3) else { return nil }
        return best.0
    }

    /// The Levenshtein distance: how many single-character edits turn `a` into `b`.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var row = Array(0...b.count)
        for (i, characterOfA) in a.enumerated() {
            var diagonal = row[0]
            row[0] = i + 1
            for (j, characterOfB) in b.enumerated() {
                let above = row[j + 1]
                row[j + 1] = min(above + 1, row[j] + 1, diagonal + (characterOfA == characterOfB ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}

/// The known keys of one mapping of `kiln.yml`, read by name.
struct ConfigMapping {
    let owner: ConfigNode
    let values: [String: ConfigNode]

    /// The value of `key`, or nil when the key is absent or has no value (`key:` or `key: ~`).
    subscript(key: String) -> ConfigNode? {
        values[key].flatMap { $0.isNull ? nil : $0 }
    }

    /// The value of a key that must be there; its absence is reported at the mapping that lacks it.
    func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let value = self[key] else {
            let path = (owner.keyPath + [key]).joined(separator: ".")
            let location = owner.keyPath.isEmpty ? CodeLocation(file: owner.file) : owner.keyLocation
            throw ConfigError(.missingKey(key), at: location, keyPath: path)
        }
        return value
    }
}
