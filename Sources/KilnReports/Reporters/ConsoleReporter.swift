/// A plain-text summary for a terminal or a CI log: the counts, then each failed or errored test
/// with its message and the first lines of its details.
public struct ConsoleReporter: Reporter {
    /// Whether to colour the `FAILED`/`ERROR` labels with ANSI escapes; off for logs and files.
    public var ansiColors: Bool
    /// How many lines of each failure's details to show.
    public var detailLines: Int

    public init(ansiColors: Bool = false, detailLines: Int = 5) {
        self.ansiColors = ansiColors
        self.detailLines = detailLines
    }

    public func render(_ report: TestReport) -> String {
        var lines = [report.summaryLine]
        for failure in FailureSummary.all(in: report, detailLines: detailLines) {
            let label = ansiColors ? "\u{1B}[1;31m\(failure.label)\u{1B}[0m" : failure.label
            lines.append("")
            // A name is one line here, whatever it holds.
            let title = failure.title.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            lines.append("\(label) \(title)")
            lines.append(contentsOf: failure.lines.map { "  " + $0 })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
