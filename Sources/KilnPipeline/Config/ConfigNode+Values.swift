import Foundation
import KilnReports

/// Readers for the kinds of values `kiln.yml` holds beyond plain strings and numbers: each checks
/// what it reads and says at the value what to write instead.
extension ConfigNode {
    /// A path inside the folder of `kiln.yml`: never absolute, never climbing out with `..`, since the
    /// repository is what a build proves.
    func relativePath() throws(ConfigError) -> String {
        let path = try nonEmptyString()
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw invalid(
                "`\(path)` must be a path inside the repository, relative to the folder of \(KilnConfig.fileName)")
        }
        return path
    }

    /// The file or folder at `relativePath()`, as a URL relative to `directory` so that messages can
    /// name it as written (`relativePath`) while code reads it (`path`).
    func url(relativeTo directory: URL) throws(ConfigError) -> URL {
        URL(fileURLWithPath: try relativePath(), relativeTo: directory)
    }

    /// A glob, relative to `anchor` (said in the error), e.g. "the repository".
    func glob(relativeTo anchor: String, example: String) throws(ConfigError) -> Glob {
        let text = try string()
        do {
            return try Glob(text)
        } catch {
            throw invalid("\(error); write a pattern relative to \(anchor), e.g. `\(example)`")
        }
    }

    /// A list of globs; an empty list is refused, since it would silently select nothing.
    func globs(relativeTo anchor: String, example: String) throws(ConfigError) -> [Glob] {
        let elements = try sequence()
        guard !elements.isEmpty else {
            throw invalid("the list is empty; list at least one pattern, e.g. `\(example)`, or remove the key")
        }
        var globs: [Glob] = []
        for element in elements { globs.append(try element.glob(relativeTo: anchor, example: example)) }
        return globs
    }

    /// A string with placeholders, located at its first character: after the quote of a quoted scalar,
    /// on the line after the indicator of a block scalar (`|`, `>`), whose column is then unknown.
    func templateText() throws(ConfigError) -> TemplateText {
        let text = try string()
        let mark = node.mark
        let origin =
            switch node.scalar?.style {
            case .singleQuoted, .doubleQuoted:
                CodeLocation(file: file, line: mark?.line, column: mark.map { $0.column + 1 })
            case .literal, .folded:
                CodeLocation(file: file, line: mark.map { $0.line + 1 })
            default:
                location
            }
        return TemplateText(text, origin: origin)
    }

    /// A mapping of names to template texts (`variables:`, `job.parameters:`).
    func templateTexts() throws(ConfigError) -> [String: TemplateText] {
        var texts: [String: TemplateText] = [:]
        for (name, value) in try entries() { texts[name] = try value.templateText() }
        return texts
    }
}
