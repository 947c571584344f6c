import KilnReports

/// Why `kiln.yml` cannot be used: what is wrong, where (file, line, column, key path) and what to do.
///
/// Every configuration error shares the "where", so it is a struct around a `Problem` rather than an
/// enum repeating the location in each case. The description reads like a compiler diagnostic:
/// `kiln.yml:7:12: at `job.timeout`: …`, which CI systems and editors turn into links.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        /// There is no `kiln.yml` in the folder searched and no `--config` was given.
        case noConfigFile(directory: String)
        /// The file given with `--config` does not exist.
        case configFileNotFound
        /// The file exists but cannot be read as UTF-8 text.
        case unreadable(reason: String)
        /// The text is not YAML.
        case invalidYAML(reason: String)
        /// A mapping names the same key twice, so one of the values would be silently lost.
        case duplicateKey(String)
        /// A key the schema does not know, often a typo; `suggestion` is the closest known key.
        case unknownKey(String, suggestion: String?, known: [String])
        /// A value of the wrong shape, e.g. a mapping where a string belongs.
        case wrongType(expected: String, found: String)
        /// A required key is absent; the error's key path ends with it, its location is its parent's.
        case missingKey(String)
        /// A value of the right type that is not allowed; the text says why and what to write instead.
        case invalidValue(String)
        /// A file the configuration names (relative to the folder of `kiln.yml`) does not exist.
        case missingFile(String)
        /// `job.notebook` names no notebook in the notebooks folder.
        case missingNotebook(String, folder: String)
        /// A target name that `targets:` does not define.
        case unknownTarget(String, known: [String])
    }

    public var problem: Problem
    /// The file, and the line and column where the problem was written when there is one.
    public var location: CodeLocation
    /// The dotted path of the key concerned (`job.timeout`, `changes.paths.1`), when there is one.
    public var keyPath: String?

    public init(_ problem: Problem, at location: CodeLocation, keyPath: String? = nil) {
        self.problem = problem
        self.location = location
        self.keyPath = keyPath
    }

    public var description: String {
        if case .noConfigFile = problem { return message }
        let place = keyPath.map { "at `\($0)`: " } ?? ""
        return "\(location.diagnosticPrefix): \(place)\(message)"
    }

    private var message: String {
        switch problem {
        case .noConfigFile(let directory):
            return "\(KilnConfig.fileName) not found in \(directory); create one or pass --config FILE"
        case .configFileNotFound:
            return "no such file; check the path given with --config"
        case .unreadable(let reason):
            return "cannot read the configuration: \(reason)"
        case .invalidYAML(let reason):
            return "not valid YAML: \(reason)"
        case .duplicateKey(let key):
            return "the key `\(key)` appears more than once in the same mapping; keep one"
        case .unknownKey(let key, let suggestion?, _):
            return "unknown key `\(key)`; did you mean `\(suggestion)`?"
        case .unknownKey(let key, nil, let known):
            return "unknown key `\(key)`; the keys here are \(known.map { "`\($0)`" }.joined(separator: ", "))"
        case .wrongType(let expected, let found):
            return "expected \(expected), found \(found)"
        case .missingKey(let key):
            return "the required key `\(key)` is missing; add it"
        case .invalidValue(let explanation):
            return explanation
        case .missingFile(let path):
            return "`\(path)` does not exist (paths are relative to the folder of \(KilnConfig.fileName)); "
                + "fix the path or add the file"
        case .missingNotebook(let name, let folder):
            let extensions = NotebookFile.extensions.map { ".\($0)" }.joined(separator: ", ")
            return "no notebook `\(name)` in `\(folder)` (looked for \(extensions)); fix the name or add the notebook"
        case .unknownTarget(let name, let known):
            return "unknown target `\(name)`; the targets are \(known.map { "`\($0)`" }.joined(separator: ", ")); "
                + "define it under `targets:` or use one of these"
        }
    }
}

extension CodeLocation {
    /// `file:line:column`, leaving out what is unknown: the prefix of a compiler-style diagnostic.
    var diagnosticPrefix: String {
        [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
    }
}
