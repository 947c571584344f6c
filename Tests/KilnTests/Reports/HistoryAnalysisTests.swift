import Foundation
import KilnReports
import Testing

/// What history makes of tests across builds, and how the report writes what it cannot trust.
@Suite("history analysis and the report's escaping")
struct HistoryAnalysisTests {
    /// A build `index` minutes after the first, on `commit`, with `outcomes` (name: outcome).
    private func build(_ index: Int, commit: String, _ outcomes: [(String, TestRecord.Outcome)]) -> BuildRecord {
        let tests = outcomes.map { TestRecord(suite: "s", name: $0.0, outcome: $0.1, time: Double(index)) }
        return BuildRecord(
            id: "b\(index)", commit: commit, branch: "main", startedAt: Date(timeIntervalSince1970: Double(index) * 60), finishedAt: nil,
            state: "passed", runPageURL: nil, counts: nil, results: ResultsRecord(tests: tests))
    }

    @Test func aTestThatComesAndGoesIsFlakyAndOneThatBrokeOnceIsNot() throws {
        let builds = [
            build(1, commit: "a", [("comes", .passed), ("broke", .passed), ("skips", .passed)]),
            build(2, commit: "b", [("comes", .failed), ("broke", .passed), ("skips", .skipped)]),
            build(3, commit: "c", [("comes", .passed), ("broke", .failed), ("skips", .passed)]),
            build(4, commit: "d", [("comes", .passed), ("broke", .error), ("skips", .skipped)]),
        ]
        // Any order in, oldest first inside.
        let analysis = HistoryAnalysis(builds: builds.reversed())
        #expect(analysis.flaky.map(\.name) == ["comes"])
        let comes = try #require(analysis.tests.first { $0.name == "comes" })
        #expect(comes.failedInBuild == [false, true, false, false])
        #expect(comes.flips == 2)
        #expect(comes.failureRate == 0.25)
        let broke = try #require(analysis.tests.first { $0.name == "broke" })
        #expect(broke.flips == 1 && broke.lastFailed)
        // A skip is not an outcome: passed, (skipped), passed, (skipped) never flipped.
        #expect(analysis.tests.first { $0.name == "skips" }?.flips == 0)
    }

    @Test func passingAndFailingOnOneCommitIsFlakyEvenOnce() {
        let analysis = HistoryAnalysis(builds: [
            build(1, commit: "same", [("retried", .failed)]), build(2, commit: "same", [("retried", .passed)]),
        ])
        #expect(analysis.flaky.first?.name == "retried")
        #expect(analysis.flaky.first?.flippedOnOneCommit == true)
    }

    @Test func casesOfOneNameInABuildAreOneTestThatFailedIfAnyFailed() throws {
        // testthat writes a case per expectation, under the test's name.
        let analysis = HistoryAnalysis(builds: [
            build(1, commit: "a", [("expects", .passed), ("expects", .failed), ("slow", .passed)]),
            build(2, commit: "b", [("expects", .passed), ("expects", .passed), ("slow", .passed)]),
        ])
        let expects = try #require(analysis.tests.first { $0.name == "expects" })
        #expect(expects.failedInBuild == [true, false])
        #expect(expects.times == [2, 4], "each build's cases' times summed")
        #expect(analysis.slowest(1).map(\.name) == ["expects"])
    }

    @Test func theReportEscapesWhatTestsWrote() {
        let hostile = #"<script>alert(1)</script>" onmouseover="x"#
        let record = BuildRecord(
            id: "b1", commit: nil, branch: "<b>", startedAt: Date(timeIntervalSince1970: 0), finishedAt: Date(timeIntervalSince1970: 3),
            state: #"<img src=x onerror="alert(2)">"#, runPageURL: #"javascript:alert("x")"#, counts: nil,
            results: ResultsRecord(tests: [TestRecord(suite: hostile, name: hostile, outcome: .failed, time: 1, message: hostile)]))
        let page = HTMLReport(repo: hostile, builds: [record]).render()
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<img"), "a state from a manifest is text, not markup")
        #expect(!page.contains(#"" onmouseover"#))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x"))
        #expect(page.components(separatedBy: "<script>").count == 2, "the page's own script only")
        #expect(!page.contains("href=\"javascript:"), "a run link that is not http(s) or file is not a link")
    }
}
