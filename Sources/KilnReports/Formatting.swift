/// Seconds with three decimals (`1.500`), as JUnit producers write them: deterministic and
/// locale-free, unlike `String(format:)`. Values outside 0...1e12 are clamped, so a wild `time`
/// read from a file cannot overflow.
func formatSeconds(_ value: Double) -> String {
    let clamped = value.isFinite ? min(max(value, 0), 1e12) : 0
    let milliseconds = Int((clamped * 1000).rounded())
    let fraction = String(milliseconds % 1000)
    return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
}

extension TestReport {
    /// The one-line count summary that the console and Markdown reporters share.
    public var summaryLine: String {
        let counts = counts
        return "Tests: \(counts.tests) (\(counts.passed) passed, \(counts.failures) failed, "
            + "\(counts.errors) errored, \(counts.skipped) skipped) in \(formatSeconds(time)) s"
    }
}
