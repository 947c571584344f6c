/// GitHub Actions workflow commands, one `::error` per failed or errored test, so each failure
/// shows as an annotation on the run (and on the diff when the file is the repository's).
///
/// Escaping follows the runner's rules: in the message `%`, `\r`, `\n`; in properties also `:` and `,`.
public struct GitHubAnnotationReporter: Reporter {
    /// How many lines of each failure's details the annotation carries.
    public var detailLines: Int

    public init(detailLines: Int = 10) {
        self.detailLines = detailLines
    }

    public func render(_ report: TestReport) -> String {
        FailureSummary.all(in: report, detailLines: detailLines).map { failure in
            var properties = ["title=\(Self.property(failure.title))"]
            if let location = failure.location {
                properties.append("file=\(Self.property(location.file))")
                if let line = location.line { properties.append("line=\(line)") }
                if let column = location.column { properties.append("col=\(column)") }
            }
            let message = failure.lines.isEmpty ? failure.title : failure.lines.joined(separator: "\n")
            return "::error \(properties.joined(separator: ","))::\(Self.data(message))\n"
        }.joined()
    }

    private static func data(_ text: String) -> String {
        text.escapingScalars(["%": "%25", "\r": "%0D", "\n": "%0A"])
    }

    private static func property(_ text: String) -> String {
        text.escapingScalars(["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"])
    }
}
