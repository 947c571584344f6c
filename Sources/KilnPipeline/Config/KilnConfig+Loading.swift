import Foundation
import KilnReports
import Yams

extension KilnConfig {
    static let keys = [
        "repo", "changes", "notebooks", "artifacts", "workspace_root", "storage_root", "job", "variables",
        "results", "keep", "retention", "targets", "target",
    ]

    /// The largest kiln.yml read: a file past it is a mistake (a data file named kiln.yml), not settings.
    static let maximumBytes = 1024 * 1024

    /// Reads the file `--config` names, else `kiln.yml` in `directory`.
    ///
    /// Errors name the file as `file.relativePath`, so a URL relative to the working directory gives
    /// short names (`kiln.yml:7:3`) that CI systems can link to.
    public static func load(file: URL? = nil, in directory: URL) throws(ConfigError) -> KilnConfig {
        let url = file ?? directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let problem: ConfigError.Problem = file == nil ? .noConfigFile(directory: directory.path) : .configFileNotFound
            throw ConfigError(problem, at: CodeLocation(file: url.relativePath))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)[.size] as? Int) ?? 0
        guard size <= maximumBytes else {
            throw ConfigError(
                .unreadable(reason: "it is \(size / 1024) KB; a kiln.yml is a few kilobytes (at most \(maximumBytes / 1024) KB are read)"),
                at: CodeLocation(file: url.relativePath))
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable(reason: error.localizedDescription), at: CodeLocation(file: url.relativePath))
        }
        return try KilnConfig(yaml: text, file: url)
    }

    /// Reads `yaml` as the content of `file`, whose folder anchors the relative paths.
    public init(yaml: String, file: URL) throws(ConfigError) {
        let root = ConfigNode(node: try Self.compose(yaml, file: file.relativePath), keyPath: [], file: file.relativePath)
        let mapping = try root.mapping(knownKeys: Self.keys)
        let directory = file.deletingLastPathComponent()
        self.file = file
        repo = try mapping["repo"].map(Self.repoName)
        notebooks =
            try mapping["notebooks"]?.url(relativeTo: directory)
            ?? URL(fileURLWithPath: "databricks", relativeTo: directory)
        artifacts = try mapping["artifacts"]?.globs(relativeTo: "the repository", example: "models/**") ?? []
        changes = try ChangeRules(mapping["changes"], defaultPaths: [Glob(literalPath: notebooks.relativePath)] + artifacts)
        workspaceRoot =
            try mapping["workspace_root"].map(Self.workspaceRoot)
            ?? "/Shared/build"
        storageRoot =
            try mapping["storage_root"].map(Self.storageRoot)
            ?? "dbfs:/kiln/build"
        job = try JobConfig(mapping.required("job"), directory: directory, notebooks: notebooks)
        variables = try mapping["variables"].map(Self.variables) ?? [:]
        results = try ResultsConfig(mapping["results"], directory: directory)
        keep = try KeepPolicy(mapping["keep"])
        retention = try RetentionPolicy(mapping["retention"])
        targets = try Self.targets(mapping["targets"], directory: directory)
        defaultTarget = Target.localName
        if let node = mapping["target"] {
            defaultTarget = try node.nonEmptyString()
            guard targets[defaultTarget] != nil else {
                throw node.error(.unknownTarget(defaultTarget, known: targets.keys.sorted()))
            }
        }
    }

    /// The document's root node; an empty file is an empty mapping, so it fails on its first required key.
    private static func compose(_ yaml: String, file: String) throws(ConfigError) -> Node {
        if let (line, column) = AliasKeyScan.firstAliasKey(in: yaml) {
            throw ConfigError(
                .invalidYAML(reason: "an alias is used as a mapping key; kiln.yml's keys are plain names (aliases may be values)"),
                at: CodeLocation(file: file, line: line, column: column))
        }
        do {
            return try Yams.compose(yaml: yaml) ?? Node([(Node, Node)]())
        } catch let error as YamlError {
            throw Self.configError(error, file: file)
        } catch {
            throw ConfigError(.invalidYAML(reason: "\(error)"), at: CodeLocation(file: file))
        }
    }

    private static func configError(_ error: YamlError, file: String) -> ConfigError {
        func at(_ mark: Mark) -> CodeLocation { CodeLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { ", \($0.text) that starts at line \($0.mark.line)" } ?? ""
            return ConfigError(.invalidYAML(reason: problem + during), at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(.duplicateKey(duplicates.first ?? "?"), at: at(context.mark))
        default:
            return ConfigError(.invalidYAML(reason: "\(error)"), at: CodeLocation(file: file))
        }
    }

    private static func repoName(_ node: ConfigNode) throws(ConfigError) -> String {
        let name = try node.string()
        guard SafeName.isValid(name) else {
            throw node.invalid(
                name.isEmpty
                    ? "the repository name is empty; write one, or remove `repo:` to take it from the CI or git"
                    : "`\(name)` cannot be a folder name: use \(SafeName.rule)")
        }
        return name
    }

    /// An absolute workspace folder such as `/Shared/build`, without a trailing `/`.
    private static func workspaceRoot(_ node: ConfigNode) throws(ConfigError) -> String {
        let text = try node.nonEmptyString()
        let root = text.trimmingSuffix("/")
        guard root.hasPrefix("/"), isFolderPath(root.dropFirst()) else {
            throw node.invalid("`\(text)` is not a workspace folder; write an absolute path such as /Shared/build")
        }
        return root
    }

    /// `dbfs:/<folder>` or `/Volumes/<catalog>/<schema>/<volume>[/<folder>]`, without a trailing `/`.
    private static func storageRoot(_ node: ConfigNode) throws(ConfigError) -> String {
        let text = try node.nonEmptyString()
        let root = text.trimmingSuffix("/")
        guard isStorageRoot(root) else {
            throw node.invalid(
                "`\(text)` is not a storage folder Kiln can use; write dbfs:/<folder> "
                    + "or /Volumes/<catalog>/<schema>/<volume>/<folder>")
        }
        return root
    }

    /// Whether `root` (without a trailing `/`) is `dbfs:/<folder>` or `/Volumes/<catalog>/<schema>/<volume>[/<folder>]`.
    static func isStorageRoot(_ root: String) -> Bool {
        if root.hasPrefix("dbfs:/") { return isFolderPath(root.dropFirst("dbfs:/".count)) }
        if root.hasPrefix("/Volumes/") { return isFolderPath(root.dropFirst("/Volumes/".count), atLeast: 3) }
        return false
    }

    /// Whether `path` is `atLeast` folder names joined by `/`, none empty, `.` or `..`.
    private static func isFolderPath(_ path: Substring, atLeast count: Int = 1) -> Bool {
        let names = path.split(separator: "/", omittingEmptySubsequences: false)
        return names.count >= count && names.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    private static func variables(_ node: ConfigNode) throws(ConfigError) -> [String: TemplateText] {
        var variables: [String: TemplateText] = [:]
        for (name, value) in try node.entries() {
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw value.keyError(
                    .invalidValue(
                        "`\(name)` cannot be used as {{var.\(name)}}; name variables with letters, digits, `_` and `-`"))
            }
            variables[name] = try value.templateText()
        }
        return variables
    }

    private static func targets(_ node: ConfigNode?, directory: URL) throws(ConfigError) -> [String: Target] {
        var targets = [Target.localName: Target.defaultLocal(directory: directory)]
        for (name, value) in try node?.entries() ?? [] {
            targets[name] = try Target(name: name, value, directory: directory)
        }
        return targets
    }
}

extension String {
    /// The string without any trailing `suffix` (`/Shared/build//` → `/Shared/build`).
    fileprivate func trimmingSuffix(_ suffix: Character) -> String {
        var text = self[...]
        while text.count > 1, text.last == suffix { text.removeLast() }
        return String(text)
    }
}
