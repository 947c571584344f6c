import Foundation
import KilnReports

/// How `kiln history` and `kiln show` print builds: an aligned table or a build's page of text
/// for people, JSON for scripts.
enum HistoryOutput {
    /// One line per build, newest first, under a header.
    static func table(_ builds: [BuildRecord]) -> String {
        let header = ["BUILD", "STARTED", "DURATION", "STATE", "PASSED", "FAILED", "SKIPPED", "COMMIT", "BRANCH", "RUN"]
        let rows = builds.map { build -> [String] in
            let counts = build.testCounts
            return [
                build.id, formatUTC(build.startedAt), build.duration.map(formatDuration) ?? "-", build.stateText,
                counts.map { "\($0.passed)" } ?? "-", counts.map { "\($0.failed)" } ?? "-", counts.map { "\($0.skipped)" } ?? "-",
                build.shortCommit ?? "-", build.branch ?? "-", build.runPageURL ?? "-",
            ]
        }
        let numeric: Set<Int> = [2, 4, 5, 6]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { cells in
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == cells.count - 1 ? cell : numeric.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// A build's facts, then each failure with its message and location.
    static func page(_ build: BuildRecord, repo: String) -> String {
        var lines = ["build \(build.id) of \(repo): \(build.stateText)"]
        var facts = ["started \(formatUTC(build.startedAt))"]
        if let duration = build.duration { facts.append("took \(formatDuration(duration))") }
        if let commit = build.commit { facts.append("commit \(commit)") }
        if let branch = build.branch { facts.append("branch \(branch)") }
        lines.append("  " + facts.joined(separator: ", "))
        if let url = build.runPageURL { lines.append("  run: \(url)") }
        guard let results = build.results else {
            lines.append("  no results were kept for this build")
            return lines.joined(separator: "\n")
        }
        let counts = results.counts
        lines.append(
            "  tests: \(counts.tests) (\(counts.passed) passed, \(counts.failures) failed, \(counts.errors) errored, \(counts.skipped) skipped)"
        )
        let failures = results.failures
        if !failures.isEmpty { lines.append("failures:") }
        for test in failures {
            lines.append("  ✗ \(test.suite) › \(oneLine(test.name))\(test.outcome == .error ? " (error)" : "")")
            for line in (test.message ?? "").split(whereSeparator: \.isNewline).prefix(6) { lines.append("      \(line)") }
            if let location = test.location { lines.append("      at \(location)") }
        }
        lines += results.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// The builds as a JSON array, newest first: what `kiln history --json` prints.
    static func json(_ builds: [BuildRecord]) -> String {
        encode(builds.map { BuildJSON($0, failures: false) })
    }

    /// One build with its failures: what `kiln show --json` prints.
    static func json(_ build: BuildRecord) -> String {
        encode(BuildJSON(build, failures: true))
    }

    /// The JSON shape of a build; snake_case, as Databricks' own answers are.
    private struct BuildJSON: Encodable {
        var buildId: String
        var commit: String?
        var branch: String?
        var startedAt: String
        var finishedAt: String?
        var durationSeconds: Double?
        var state: String
        var tests: Int?
        var passed: Int?
        var failed: Int?
        var skipped: Int?
        var runPageUrl: String?
        var failures: [TestRecord]?
        var notes: [String]?

        init(_ build: BuildRecord, failures withFailures: Bool) {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let counts = build.testCounts
            buildId = build.id
            commit = build.commit
            branch = build.branch
            startedAt = formatter.string(from: build.startedAt)
            finishedAt = build.finishedAt.map(formatter.string(from:))
            durationSeconds = build.duration
            state = build.state
            tests = counts?.tests
            passed = counts?.passed
            failed = counts?.failed
            skipped = counts?.skipped
            runPageUrl = build.runPageURL
            failures = withFailures ? build.results?.failures ?? [] : nil
            notes = withFailures ? build.results?.notes ?? [] : nil
        }
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
