import Foundation
import KilnAPI
import KilnReports

/// Fills the placeholders of the job template, the job parameters and the variables of `kiln.yml`.
///
/// - `${NAME}` is the environment variable `NAME`; `${NAME:-default}` falls back to `default` when it
///   is unset or empty (as in a shell), so one `kiln.yml` serves the local engine and a workspace.
/// - `{{build.id}}`, `{{build.workspace_dir}}`, `{{build.storage_dir}}`, `{{build.notebook_path}}`,
///   `{{repo.name}}`, `{{git.commit}}`, `{{git.branch}}` come from the build's context, and
///   `{{var.NAME}}` from `variables:`, whose values may use `${…}` and the names above but not other
///   variables (so there is no order or cycle to think about).
/// - Every other `{{…}}` is Databricks' own (`{{job.run_id}}`, `{{task.run_id}}`,
///   `{{job.parameters.x}}`, …): Databricks fills it when the job runs, so it is left as written.
///
/// A name of ours without a value, or an unset environment variable, is an error at the line and
/// column of its use; nothing is left half-rendered.
public struct TemplateRenderer: Sendable {
    /// How substituted values are written into the text.
    public enum Escaping: Sendable {
        case none
        /// As the content of a JSON string, so that quotes and backslashes in values keep the JSON valid.
        case jsonString
    }

    /// The value of each name of ours (`build.id`, `var.cluster_id`); a name without a value is absent.
    let values: [String: String]
    private let environment: [String: String]

    private static let namespaces: Set<Substring> = ["build", "repo", "git", "var"]

    /// Resolves the values of the build's names and of `variables` (which is where their errors surface).
    public init(context: BuildContext, variables: [String: TemplateText], environment: [String: String])
        throws(TemplateError)
    {
        var values = [
            "build.id": context.buildID,
            "build.workspace_dir": context.workspaceDir,
            "build.storage_dir": context.storageDir,
            "build.notebook_path": context.notebookPath,
            "repo.name": context.repo,
        ]
        values["git.commit"] = context.commit
        values["git.branch"] = context.branch
        var withVariables = values
        for (name, text) in variables.sorted(by: { $0.key < $1.key }) {
            do {
                withVariables["var.\(name)"] = try Self.render(
                    text, values: values, environment: environment, escaping: .none)
            } catch .undefinedVariable(let used, let location, _) where used.hasPrefix("var.") {
                throw .variableInVariable(used, at: location)
            }
        }
        self.values = withVariables
        self.environment = environment
    }

    public func render(_ template: TemplateText, escaping: Escaping = .none) throws(TemplateError) -> String {
        try Self.render(template, values: values, environment: environment, escaping: escaping)
    }

    /// Renders the job template into job settings, and the job parameters: the check to make before
    /// anything is touched, so that a bad template fails the build at once; the result is what the job
    /// is created and run with. Every field of the template is kept, in its order, with integers
    /// as written: only the fields Kiln reads are checked.
    public func renderJob(_ job: JobConfig) throws(TemplateError) -> RenderedJob {
        let json = Data(try render(TemplateText(contentsOf: job.template), escaping: .jsonString).utf8)
        guard case .object(let document)? = try? JSONValue(parsing: json) else {
            throw Self.syntaxError(in: json, file: job.template.relativePath)
        }
        let settings: JobSettings
        do {
            settings = try JobSettings(validating: document)
        } catch {
            throw Self.invalidJobSettings(error, json: json, file: job.template.relativePath)
        }
        var parameters: [String: String] = [:]
        for (name, text) in job.parameters.sorted(by: { $0.key < $1.key }) {
            parameters[name] = try render(text)
        }
        return RenderedJob(settings: settings, parameters: parameters)
    }

    private static func render(
        _ template: TemplateText, values: [String: String], environment: [String: String], escaping: Escaping
    ) throws(TemplateError) -> String {
        let placeholder = #/\$\{(?<environment>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<fallback>[^}]*))?\}|\{\{\s*(?<name>[^{}\s]+)\s*\}\}/#
        let text = template.text
        var rendered = ""
        var copied = text.startIndex
        var (line, column, counted) = (1, 1, text.startIndex)
        for match in text.matches(of: placeholder) {
            for character in text[counted..<match.range.lowerBound] {
                (line, column) = character.isNewline ? (line + 1, 1) : (line, column + 1)
            }
            counted = match.range.lowerBound
            let location = template.location(line: line, column: column)
            let value: String
            if let name = match.output.environment {
                if let set = environment[String(name)], !set.isEmpty {
                    value = set
                } else if let fallback = match.output.fallback {
                    value = String(fallback)
                } else {
                    throw .unsetEnvironmentVariable(String(name), at: location)
                }
            } else if let name = match.output.name, let namespace = name.split(separator: ".").first,
                namespaces.contains(namespace)
            {
                guard let known = values[String(name)] else {
                    throw .undefinedVariable(String(name), at: location, defined: values.keys.sorted())
                }
                value = known
            } else {
                continue
            }
            rendered += text[copied..<match.range.lowerBound]
            rendered += escaping == .jsonString ? value.escapedForJSONString : value
            copied = match.range.upperBound
        }
        return rendered + text[copied...]
    }

    /// The decoding error in the words of the job settings ("at `tasks.0`: the key `task_key` is missing"),
    /// or where the JSON is broken: lines of the rendered text are the template's, since substituted values
    /// are JSON-escaped and hold no line breaks.
    private static func invalidJobSettings(_ error: any Error, json: Data, file: String) -> TemplateError {
        func at(_ path: [any CodingKey]) -> String {
            let keys = path.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "" : "at `\(keys.joined(separator: "."))`: "
        }
        let reason: String
        switch error as? DecodingError {
        case .keyNotFound(let key, let context):
            reason = at(context.codingPath) + "the key `\(key.stringValue)` is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            reason = at(context.codingPath) + context.debugDescription
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            reason = at(context.codingPath) + context.debugDescription
        default:
            return syntaxError(in: json, file: file)
        }
        return .invalidJobSettings(at: CodeLocation(file: file), reason: reason)
    }

    /// JSONSerialization's account of a syntax error, its character offset turned into a line.
    private static func syntaxError(in json: Data, file: String) -> TemplateError {
        let message: String
        do {
            _ = try JSONSerialization.jsonObject(with: json, options: .fragmentsAllowed)
            message = "not a JSON object"
        } catch {
            message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        }
        guard let match = message.firstMatch(of: /(?<problem>.*) around character (?<offset>\d+)\.?/),
            let offset = Int(match.output.offset)
        else {
            return .invalidJobSettings(at: CodeLocation(file: file), reason: "not valid JSON: \(message)")
        }
        let line = json.prefix(offset).count(where: { $0 == UInt8(ascii: "\n") }) + 1
        return .invalidJobSettings(
            at: CodeLocation(file: file, line: line), reason: "not valid JSON: \(match.output.problem)")
    }
}
