/// A Markdown summary for GitHub's `$GITHUB_STEP_SUMMARY` (also readable in a pull request
/// comment): the counts, a table of suites, then the failures folded in a `<details>` block.
///
/// Names go in code spans and messages in fenced code blocks, so nothing a test prints is taken
/// as Markdown or HTML.
public struct MarkdownReporter: Reporter {
    /// How many lines of each failure's details to show.
    public var detailLines: Int

    public init(detailLines: Int = 30) {
        self.detailLines = detailLines
    }

    public func render(_ report: TestReport) -> String {
        var lines = ["## Test results", ""]
        guard !report.suites.isEmpty else {
            return (lines + ["No test results."]).joined(separator: "\n") + "\n"
        }
        lines += [report.summaryLine, ""]
        lines += [
            "| Suite | Tests | Passed | Failed | Errored | Skipped | Time (s) |",
            "| :--- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for suite in report.suites {
            let counts = suite.counts
            let name = Self.codeSpan(suite.name).replacingOccurrences(of: "|", with: #"\|"#)
            lines.append(
                "| \(name) | \(counts.tests) | \(counts.passed) | \(counts.failures) | \(counts.errors) "
                    + "| \(counts.skipped) | \(formatSeconds(suite.time)) |"
            )
        }
        let failures = FailureSummary.all(in: report, detailLines: detailLines)
        if !failures.isEmpty {
            lines += ["", "<details>", "<summary>Failed tests: \(failures.count)</summary>"]
            for failure in failures {
                lines += ["", "**\(failure.label)** \(Self.codeSpan(failure.title))"]
                if !failure.lines.isEmpty { lines += [""] + Self.codeBlock(failure.lines) }
            }
            lines += ["", "</details>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A code span whose backtick fence is longer than any run of backticks inside it.
    private static func codeSpan(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let fence = String(repeating: "`", count: longestBacktickRun(in: flat) + 1)
        let padding = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + padding + flat + padding + fence
    }

    /// A fenced code block whose fence is longer than any run of backticks inside it.
    private static func codeBlock(_ lines: [String]) -> [String] {
        let longestRun = lines.map(longestBacktickRun).max() ?? 0
        let fence = String(repeating: "`", count: max(3, longestRun + 1))
        return [fence + "text"] + lines + [fence]
    }

    private static func longestBacktickRun(in text: String) -> Int {
        var longest = 0
        var current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
