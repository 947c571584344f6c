import Foundation
import Testing

@testable import KilnEngine

/// `kiln history`, `kiln show` and `kiln report` over thirty real builds with mixed outcomes.
@Suite("history and report from 30 builds", .serialized, .timeLimit(.minutes(8)))
struct HistoryReportTests {
    private func kiln(_ arguments: [String], in fixture: ThirtyBuilds) async throws -> ProcessResult {
        try await runProcess(
            KilnBinary.url, arguments + ["--state", fixture.state.url.path], environment: ThirtyBuilds.environment,
            directory: fixture.repository.url)
    }

    @Test func historyListsEveryBuildFromTheManifests() async throws {
        let fixture = try await ThirtyBuilds.shared.value
        let result = try await kiln(["history", "--limit", "50", "--json"], in: fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let expected = fixture.builds.reversed()
        #expect(listed.map { $0["build_id"] as? String } == expected.map(\.id))
        for (build, entry) in zip(expected, listed) {
            #expect(entry["state"] as? String == build.state, "\(build.id)")
            #expect(entry["commit"] as? String == build.commit, "\(build.id)")
            #expect(entry["branch"] as? String == "main", "\(build.id)")
            #expect(entry["tests"] as? Int == build.tests, "\(build.id)")
            #expect(entry["failed"] as? Int == build.failing.count, "\(build.id)")
            #expect(entry["skipped"] as? Int == build.skipped, "\(build.id)")
            #expect(entry["passed"] as? Int == build.tests - build.failing.count - build.skipped, "\(build.id)")
            #expect((entry["duration_seconds"] as? Double ?? -1) >= 0, "\(build.id)")
            #expect((entry["run_page_url"] as? String)?.isEmpty == false, "\(build.id)")
        }

        // The table, newest first, cut at the limit.
        let table = try await kiln(["history", "--limit", "3"], in: fixture)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(table.stdout)")
        #expect(lines.first?.hasPrefix("BUILD") == true)
        #expect(lines.dropFirst().map { String($0.prefix(3)) } == ["b30", "b29", "b28"])
        for (line, build) in zip(lines.dropFirst(), fixture.builds.reversed()) {
            #expect(line.contains(build.state.replacingOccurrences(of: "_", with: " ")), "\(line)")
            #expect(line.contains(String(build.commit.prefix(10))), "\(line)")
        }

        // A build's own cleanup left exactly its records; its workspace folder is gone.
        let engine = try await Engine(state: StateFolder(fixture.state.url))
        for build in fixture.builds {
            let kept = try await engine.databricks.dbfs.list("/kiln/build/python-model/\(build.id)").map(\.path)
            #expect(Set(kept) == ["/kiln/build/python-model/\(build.id)/build.json", "/kiln/build/python-model/\(build.id)/results.json"])
        }
        #expect(try await engine.databricks.workspace.list("/Shared/build/python-model").isEmpty)
    }

    @Test func showNamesABuildsFailuresWithTheirMessagesAndLocations() async throws {
        let fixture = try await ThirtyBuilds.shared.value
        let shown = try await kiln(["show", "b25"], in: fixture)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.hasPrefix("build b25 of python-model: tests failed"))
        #expect(shown.stdout.contains("commit \(fixture.builds[24].commit)"))
        #expect(shown.stdout.contains("tests: 13 (10 passed, 2 failed, 0 errored, 1 skipped)"), "\(shown.stdout)")
        #expect(shown.stdout.contains("test_history.test_broke_at_build_25"))
        #expect(shown.stdout.contains("the threshold moved"))
        #expect(shown.stdout.contains("at tests/test_history.py:15"), "\(shown.stdout)")
        #expect(shown.stdout.contains("test_history.test_comes_and_goes"))

        let died = try await kiln(["show", "b12", "--json"], in: fixture)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(died.stdout.utf8)) as? [String: Any])
        #expect(object["state"] as? String == "run_failed")
        let failures = try #require(object["failures"] as? [[String: Any]])
        #expect(failures.count == 1)
        #expect((failures.first?["message"] as? String)?.contains("the feature store is unreachable") == true)

        let unknown = try await kiln(["show", "b99"], in: fixture)
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("no build b99") && unknown.stderr.contains("kiln history"), "\(unknown.stderr)")
        let outside = try await kiln(["show", "../b01"], in: fixture)
        #expect(outside.status == 3)
        #expect(outside.stderr.contains("is not a build id"), "\(outside.stderr)")
    }

    @Test func theReportShowsTheLatestBuildFirstThenTheHistory() async throws {
        let fixture = try await ThirtyBuilds.shared.value
        let page = try String(contentsOf: fixture.report.url.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("<title>kiln: python-model build b30, tests failed</title>"))
        // Self-contained: nothing to fetch, and the page's policy forbids fetching.
        #expect(page.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        #expect(!page.contains("src=") && !page.contains("<link") && !page.contains("@import"))

        // The latest build's tests, its failure first.
        let rows = HTMLText.rows(of: "tests", in: page)
        #expect(rows.count == 14)
        #expect(rows.first?.contains("test_broke_at_build_25") == true && rows.first?.contains("row-failed") == true)

        // Three charts; a bar per build with its counts; a row per build.
        #expect(page.components(separatedBy: "<svg class=\"chart\"").count - 1 == 3)
        #expect(page.contains("<title>b12: run failed</title>") == false)
        #expect(page.contains("<title>b12: 0 passed, 1 failed, 0 skipped</title>"))
        #expect(page.contains("<title>b30: 12 passed, 1 failed, 1 skipped</title>"))
        #expect(HTMLText.rows(of: "builds", in: page).count == 30)

        // Flaky: the test that comes and goes, not the one that broke once.
        let flaky = try #require(HTMLText.section("flaky", in: page))
        #expect(flaky.contains("test_comes_and_goes"))
        #expect(!flaky.contains("test_broke_at_build_25"))
        #expect(try #require(HTMLText.section("slowest", in: page)).contains("<td>"))

        // `kiln report` on its own writes the same history.
        let out = TemporaryFolder()
        let written = try await kiln(["report", "--out", out.url.path, "--limit", "10"], in: fixture)
        #expect(written.status == 0, "\(written.stderr)")
        let limited = try String(contentsOf: out.url.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(HTMLText.rows(of: "builds", in: limited).count == 10)
    }
}

/// Pieces of the report's HTML, as the tests look at them.
enum HTMLText {
    /// The `<tr>` rows of the body of the table with `id`.
    static func rows(of id: String, in page: String) -> [String] {
        guard let start = page.range(of: "<table id=\"\(id)\">"),
            let end = page.range(of: "</table>", range: start.upperBound..<page.endIndex)
        else { return [] }
        return page[start.upperBound..<end.lowerBound].components(separatedBy: "<tr").dropFirst(2).map { "<tr" + $0 }
    }

    /// The `<section>` with `id`.
    static func section(_ id: String, in page: String) -> String? {
        guard let start = page.range(of: "<section id=\"\(id)\">"),
            let end = page.range(of: "</section>", range: start.upperBound..<page.endIndex)
        else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }
}
