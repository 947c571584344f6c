import Foundation

/// A `~/.databrickscfg` file: INI sections, one per profile, of `key = value` lines.
///
/// Read as the Go SDK's INI reader does: `#` and `;` start comment lines, `=` or `:` separates a
/// key from its value, surrounding quotes are dropped, keys before the first section belong to
/// `DEFAULT`, and a repeated section adds to the first. A line that is none of these is an error
/// that names the line by number only: the line may hold a token.
struct ConfigFile: Sendable {
    static let defaultProfile = "DEFAULT"
    static let settingsSection = "__settings__"

    let path: String
    private let sections: [String: [String: String]]

    init(path: String, text: String) throws(ClientConfigurationError) {
        self.path = path
        var sections: [String: [String: String]] = [:]
        var current = Self.defaultProfile
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = Substring(rawLine)
            if number == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            line = line.trimmingCharacters(in: .whitespacesAndNewlines)[...]
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw Self.malformed(path, number, "a profile header must end with ']'") }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw Self.malformed(path, number, "the profile name is empty") }
                current = name
                if sections[current] == nil { sections[current] = [:] }
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw Self.malformed(path, number, "expected `[profile]` or `key = value`")
            }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            guard !key.isEmpty else { throw Self.malformed(path, number, "there is no key before '\(line[separator])'") }
            sections[current, default: [:]][key] = Self.unquoted(line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces))
        }
        self.sections = sections
    }

    /// The file at `path`, or nil when there is none.
    static func load(_ path: String) throws(ClientConfigurationError) -> ConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClientConfigurationError(.invalidValue, "cannot read \(path): check its permissions")
        }
        return try ConfigFile(path: path, text: String(decoding: data, as: UTF8.self))
    }

    /// The keys of a profile, or nil when the file has no such section.
    func profile(_ name: String) -> [String: String]? {
        sections[name]
    }

    /// The profiles the file defines, for "did you mean" hints.
    var profileNames: [String] {
        sections.keys.filter { $0 != Self.settingsSection }.sorted()
    }

    /// `[__settings__] default_profile`: the profile to use when none is asked for.
    var defaultProfileSetting: String? {
        sections[Self.settingsSection]?["default_profile"].flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func unquoted(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }

    private static func malformed(_ path: String, _ line: Int, _ reason: String) -> ClientConfigurationError {
        ClientConfigurationError(.malformedConfigFile(line: line), "\(path):\(line): \(reason)")
    }
}
