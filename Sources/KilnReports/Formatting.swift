import Foundation

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

/// A moment in UTC to the minute (`2026-12-01 10:02 UTC`): the same on every agent.
public func formatUTC(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter.string(from: date)
}

/// A build's or test's duration as people read it: `850 ms`, `4.2 s`, `3m05s`, `1h02m`.
public func formatDuration(_ seconds: Double) -> String {
    let value = seconds.isFinite ? max(seconds, 0) : 0
    if value < 1 { return "\(Int((value * 1000).rounded())) ms" }
    if value < 60 { return "\(Int(value * 10) / 10).\(Int(value * 10) % 10) s" }
    let total = Int(value.rounded())
    let two = { (number: Int) in number < 10 ? "0\(number)" : "\(number)" }
    if total < 3600 { return "\(total / 60)m\(two(total % 60))s" }
    return "\(total / 3600)h\(two(total % 3600 / 60))m"
}
