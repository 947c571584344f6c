/// Azure Pipelines logging commands, one `task.logissue` error per failed or errored test, so each
/// failure shows in the build's summary and log. Whether the task fails is the pipeline's decision,
/// so no `task.complete` is written here.
///
/// Escaping follows the agent's rules: `%` → `%AZP25`, `\r`, `\n`; in properties also `;` and `]`.
/// A log issue has no title, so the message starts with the test's name.
public struct AzureAnnotationReporter: Reporter {
    /// How many lines of each failure's details the issue carries.
    public var detailLines: Int

    public init(detailLines: Int = 10) {
        self.detailLines = detailLines
    }

    public func render(_ report: TestReport) -> String {
        FailureSummary.all(in: report, detailLines: detailLines).map { failure in
            var properties = ["type=error"]
            if let location = failure.location {
                properties.append("sourcepath=\(Self.property(location.file))")
                if let line = location.line { properties.append("linenumber=\(line)") }
                if let column = location.column { properties.append("columnnumber=\(column)") }
            }
            let message =
                failure.lines.isEmpty
                ? failure.title : "\(failure.title): " + failure.lines.joined(separator: "\n")
            return "##vso[task.logissue \(properties.joined(separator: ";"))]\(Self.data(message))\n"
        }.joined()
    }

    private static func data(_ text: String) -> String {
        text.escapingScalars(["%": "%AZP25", "\r": "%0D", "\n": "%0A"])
    }

    /// A logging command's property value, escaped as Azure reads it.
    public static func property(_ text: String) -> String {
        text.escapingScalars(["%": "%AZP25", "\r": "%0D", "\n": "%0A", ";": "%3B", "]": "%5D"])
    }
}
