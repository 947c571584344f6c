import Foundation
import KilnReports

/// A text with placeholders (`{{build.id}}`, `${DATABRICKS_CLUSTER_ID}`) that remembers where it was
/// written, so that a placeholder that cannot be filled is reported at its own line and column.
public struct TemplateText: Sendable, Hashable {
    public var text: String
    /// Where the text's first character is; a nil column means the column is unknown (a YAML block
    /// scalar, whose lines are indented), and then only lines are reported.
    public var origin: CodeLocation

    public init(_ text: String, origin: CodeLocation) {
        self.text = text
        self.origin = origin
    }

    /// The largest template read; job settings are kilobytes, and the Jobs API takes at most 10 MB.
    static let maximumBytes = 1024 * 1024

    /// A whole file, such as the job template.
    public init(contentsOf file: URL) throws(TemplateError) {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.resolvingSymlinksInPath().path)[.size] as? Int) ?? 0
        guard size <= Self.maximumBytes else {
            throw .unreadable(
                file: file.relativePath, reason: "it is \(size / 1024) KB; a job template is at most \(Self.maximumBytes / 1024) KB")
        }
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw .unreadable(file: file.relativePath, reason: error.localizedDescription)
        }
        origin = CodeLocation(file: file.relativePath, line: 1, column: 1)
    }

    /// The location of the character at `line` and `column` of the text (both counted from 1).
    func location(line: Int, column: Int) -> CodeLocation {
        guard let firstLine = origin.line else { return CodeLocation(file: origin.file) }
        guard let firstColumn = origin.column else {
            return CodeLocation(file: origin.file, line: firstLine + line - 1)
        }
        return CodeLocation(
            file: origin.file, line: firstLine + line - 1, column: line == 1 ? firstColumn + column - 1 : column)
    }
}
