import Foundation

/// `job:` — the Databricks job a build runs: its settings template, the notebook, the run's
/// parameters and how long the run may take.
public struct JobConfig: Sendable, Hashable {
    /// The Jobs API JSON (`JobSettings`) with placeholders, relative to the folder of `kiln.yml`
    /// (`relativePath` is the path as written).
    public var template: URL
    /// The notebook to run, relative to the notebooks folder and without its extension, as it is named
    /// once imported into the workspace; `{{build.notebook_path}}` is its workspace path.
    public var notebook: String
    /// The notebook parameters passed to run-now; the values are templates.
    public var parameters: [String: TemplateText]
    /// How long the run may take before it is cancelled (`90s`, `20m`, `1h30m`; default 30 minutes).
    public var timeout: Duration

    public static let defaultTimeout = Duration.seconds(30 * 60)

    static let keys = ["template", "notebook", "parameters", "timeout"]

    init(_ node: ConfigNode, directory: URL, notebooks: URL) throws(ConfigError) {
        let mapping = try node.mapping(knownKeys: Self.keys)

        let templateNode = try mapping.required("template")
        template = try templateNode.url(relativeTo: directory)
        guard FileManager.default.fileExists(atPath: template.path) else {
            throw templateNode.error(.missingFile(template.relativePath))
        }

        let notebookNode = try mapping.required("notebook")
        notebook = NotebookFile.nameWithoutExtension(try notebookNode.relativePath())
        guard NotebookFile.find(notebook, in: notebooks) != nil else {
            throw notebookNode.error(.missingNotebook(notebook, folder: notebooks.relativePath))
        }

        parameters = [:]
        for (name, value) in try mapping["parameters"]?.entries() ?? [] {
            // They become job parameters, whose names Databricks restricts.
            guard !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || "_.-".contains($0) }) else {
                throw value.keyError(.invalidValue("parameter name `\(name)`: use only letters, digits, `_`, `.` and `-`"))
            }
            parameters[name] = try value.templateText()
        }
        timeout = try mapping["timeout"].map(Self.duration) ?? Self.defaultTimeout
    }

    /// Reads `1h30m`, `20m`, `90s`: hours, minutes and seconds in that order, each optional (and short
    /// enough that the sum cannot overflow), not all zero.
    private static func duration(_ node: ConfigNode) throws(ConfigError) -> Duration {
        let text = try node.string()
        let syntax = /(?:(?<hours>\d{1,6})h)?(?:(?<minutes>\d{1,6})m)?(?:(?<seconds>\d{1,6})s)?/
        guard !text.isEmpty, let match = text.wholeMatch(of: syntax) else {
            throw node.invalid("`\(text)` is not a duration; write it like 90s, 20m or 1h30m")
        }
        let parts = [match.output.hours, match.output.minutes, match.output.seconds].map { $0.flatMap { Int($0) } ?? 0 }
        let seconds = parts[0] * 3600 + parts[1] * 60 + parts[2]
        guard seconds > 0 else { throw node.invalid("the timeout must be longer than zero, e.g. 30m") }
        return .seconds(seconds)
    }
}
