import Foundation

/// `kiln report`: one self-contained HTML page (styles, script and charts inline; nothing fetched,
/// which its Content-Security-Policy enforces) that opens from disk and can be kept as a CI
/// artifact. The latest build comes first, failures at the top and a search box over its tests;
/// then the history: outcomes, test count and duration per build as SVG charts, the builds, the
/// slowest tests and the flaky ones.
public struct HTMLReport: Sendable {
    public var repo: String
    /// The builds to show, any order.
    public var builds: [BuildRecord]
    public var generatedAt: Date

    /// Rows of the latest build's table beyond its failures: a page with 100,000 rows is too slow
    /// to search, and the merged JUnit file has them all.
    public static let rowLimit = 5000
    /// Tests listed as the slowest.
    public static let slowestCount = 15

    public init(repo: String, builds: [BuildRecord], generatedAt: Date = Date()) {
        self.repo = repo
        self.builds = builds.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        self.generatedAt = generatedAt
    }

    /// The build shown first: the newest with results, else the newest.
    public var latest: BuildRecord? {
        builds.last { $0.results != nil } ?? builds.last
    }

    public func render() -> String {
        let analysis = HistoryAnalysis(builds: builds)
        let title = "kiln: \(repo)" + (latest.map { " build \($0.id), \($0.stateText)" } ?? "")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(html(title))</title>
            <style>\(Self.style)</style></head>
            <body>
            \(header())
            \(latestSection())
            \(historySection())
            \(slowestSection(analysis))
            \(flakySection(analysis))
            <footer>Written by kiln at \(formatUTC(generatedAt)) from the builds' manifests and results in the workspace.</footer>
            <script>\(Self.script)</script>
            </body></html>

            """
    }

    private func header() -> String {
        guard let build = latest else {
            return "<header><h1>\(html(repo))</h1><p>No builds yet: run <code>kiln build</code>.</p></header>"
        }
        var facts = ["build <b>\(html(build.id))</b>", "started \(formatUTC(build.startedAt))"]
        if let duration = build.duration { facts.append("took \(formatDuration(duration))") }
        if let commit = build.shortCommit { facts.append("commit <code>\(html(commit))</code>") }
        if let branch = build.branch { facts.append("branch <code>\(html(branch))</code>") }
        if let link = build.runPageURL.flatMap({ link($0, "the run") }) { facts.append(link) }
        return """
            <header><h1>\(html(repo))</h1>
            <p><span class="state \(Self.stateClass(build.state))">\(html(build.stateText))</span> \(facts.joined(separator: " · "))</p></header>
            """
    }

    private func latestSection() -> String {
        guard let build = latest else { return "" }
        guard let results = build.results else {
            return
                #"<section id="latest"><h2>Tests</h2><p>Build \#(html(build.id)) kept no results (it ended \#(html(build.stateText))).</p></section>"#
        }
        let counts = results.counts
        let ordered = results.tests.enumerated().sorted { lhs, rhs in
            (Self.rank(lhs.element.outcome), lhs.offset) < (Self.rank(rhs.element.outcome), rhs.offset)
        }.map(\.element)
        let failing = ordered.filter(\.outcome.isFailure).count
        let listed = Array(ordered.prefix(max(Self.rowLimit, failing)))
        let rows = listed.map(testRow).joined(separator: "\n")
        let omitted = ordered.count - listed.count
        let notes = (results.notes.map { "<li>\(html($0))</li>" }).joined()
        return """
            <section id="latest"><h2>Tests of build \(html(build.id))</h2>
            <p class="counts"><b>\(counts.tests)</b> tests: <span class="t-failed">\(counts.failures) failed</span>, \
            <span class="t-error">\(counts.errors) errored</span>, <span class="t-passed">\(counts.passed) passed</span>, \
            <span class="t-skipped">\(counts.skipped) skipped</span></p>
            \(notes.isEmpty ? "" : "<ul class=\"notes\">\(notes)</ul>")
            <p><input id="search" type="search" placeholder="Search tests by name, suite, message or file" aria-label="Search tests" autocomplete="off"> \
            <span id="shown">\(listed.count) of \(listed.count) tests</span></p>
            <table id="tests"><thead><tr><th>Outcome</th><th>Test</th><th>Suite</th><th class="num">Time</th></tr></thead><tbody>
            \(rows)
            </tbody></table>
            \(omitted > 0 ? "<p>\(omitted) more passed or skipped tests are not listed; the merged JUnit file has them all.</p>" : "")
            </section>
            """
    }

    private func testRow(_ test: TestRecord) -> String {
        var detail = ""
        if let message = test.message { detail += #"<div class="message">\#(html(message))</div>"# }
        if let location = test.location { detail += #"<div class="location">\#(html(location))</div>"# }
        if let details = test.details {
            detail += "<details><summary>details</summary><pre>\(html(details))</pre></details>"
        }
        let search = [test.name, test.suite, test.message ?? "", test.location ?? ""].joined(separator: " ").lowercased()
        let flaky = test.flaky == true ? #" <span class="flaky">flaky</span>"# : ""
        return """
            <tr class="row-\(test.outcome.rawValue)" data-search="\(html(search))"><td class="t-\(test.outcome.rawValue)">\(test.outcome.rawValue)\(flaky)</td>\
            <td><span class="name">\(html(test.name))</span>\(detail)</td><td>\(html(test.suite))</td><td class="num">\(formatDuration(test.time))</td></tr>
            """
    }

    private func historySection() -> String {
        guard !builds.isEmpty else { return "" }
        let wide = SVGChart(width: 1060, height: 200)
        let half = SVGChart(width: 526, height: 180)
        let outcomes = builds.map { build in
            let counts = build.testCounts
            return SVGChart.Point(
                label: build.id,
                values: counts.map { [Double($0.passed), Double($0.failed), Double($0.skipped)] } ?? [],
                title: "\(build.id): "
                    + (counts.map { "\($0.passed) passed, \($0.failed) failed, \($0.skipped) skipped" } ?? build.stateText))
        }
        let tests = builds.compactMap { build in
            (build.testCounts).map {
                SVGChart.Point(label: build.id, values: [Double($0.tests)], title: "\(build.id): \($0.tests) tests")
            }
        }
        let durations = builds.compactMap { build in
            build.duration.map { SVGChart.Point(label: build.id, values: [$0], title: "\(build.id): \(formatDuration($0))") }
        }
        let series = [
            SVGChart.Series(name: "passed", cssClass: "bar-passed"), SVGChart.Series(name: "failed", cssClass: "bar-failed"),
            SVGChart.Series(name: "skipped", cssClass: "bar-skipped"),
        ]
        let rows = builds.reversed().map(buildRow).joined(separator: "\n")
        return """
            <section id="history"><h2>History: \(builds.count) builds</h2>
            <div class="charts">
            \(wide.bars(outcomes, series: series, caption: "Tests passed, failed and skipped per build"))
            \(half.line(tests, cssClass: "tests", caption: "Tests per build", format: { "\(Int($0))" }))
            \(half.line(durations, cssClass: "duration", caption: "Build duration", format: formatDuration))
            </div>
            <table id="builds"><thead><tr><th>Build</th><th>Started</th><th class="num">Duration</th><th>State</th>\
            <th class="num">Passed</th><th class="num">Failed</th><th class="num">Skipped</th><th>Commit</th><th>Branch</th><th>Run</th></tr></thead><tbody>
            \(rows)
            </tbody></table></section>
            """
    }

    private func buildRow(_ build: BuildRecord) -> String {
        let counts = build.testCounts
        let state = #"<span class="state \#(Self.stateClass(build.state))">\#(html(build.stateText))</span>"#
        let commit = build.shortCommit.map { "<code>\(html($0))</code>" } ?? ""
        let run = build.runPageURL.flatMap { link($0, "run") } ?? ""
        let passed = counts.map { String($0.passed) } ?? ""
        let failed = counts.map { String($0.failed) } ?? ""
        let skipped = counts.map { String($0.skipped) } ?? ""
        let duration = build.duration.map(formatDuration) ?? ""
        var row = "<tr><td>\(html(build.id))</td><td>\(formatUTC(build.startedAt))</td><td class=\"num\">\(duration)</td><td>\(state)</td>"
        row += "<td class=\"num\">\(passed)</td><td class=\"num\">\(failed)</td><td class=\"num\">\(skipped)</td>"
        row += "<td>\(commit)</td><td>\(html(build.branch ?? ""))</td><td>\(run)</td></tr>"
        return row
    }

    private func slowestSection(_ analysis: HistoryAnalysis) -> String {
        let slowest = analysis.slowest(Self.slowestCount)
        guard !slowest.isEmpty else { return "" }
        let rows = slowest.map { test in
            "<tr><td>\(html(test.name))</td><td>\(html(test.suite))</td><td class=\"num\">\(formatDuration(test.medianTime))</td>"
                + "<td class=\"num\">\(formatDuration(test.times.last ?? 0))</td><td class=\"num\">\(test.times.count)</td></tr>"
        }.joined(separator: "\n")
        return """
            <section id="slowest"><h2>Slowest tests</h2>
            <table><thead><tr><th>Test</th><th>Suite</th><th class="num">Median</th><th class="num">Latest</th><th class="num">Builds</th></tr></thead><tbody>
            \(rows)
            </tbody></table></section>
            """
    }

    private func flakySection(_ analysis: HistoryAnalysis) -> String {
        let flaky = analysis.flaky
        guard !flaky.isEmpty else {
            return #"<section id="flaky"><h2>Flaky tests</h2><p>No test flipped between passing and failing in these builds.</p></section>"#
        }
        let rows = flaky.map { test in
            let strip = test.failedInBuild.map { $0 ? #"<i class="f"></i>"# : #"<i class="p"></i>"# }.joined()
            return "<tr><td>\(html(test.name))</td><td>\(html(test.suite))</td><td class=\"num\">\(test.flips)</td>"
                + "<td class=\"num\">\(Int((test.failureRate * 100).rounded()))%</td><td class=\"strip\">\(strip)</td>"
                + "<td>\(test.flippedOnOneCommit ? "yes" : "")</td><td>\(test.lastFailed ? "failed" : "passed")</td></tr>"
        }.joined(separator: "\n")
        return """
            <section id="flaky"><h2>Flaky tests: \(flaky.count)</h2>
            <p>Tests whose outcome changed back and forth across builds, or on one commit.</p>
            <table><thead><tr><th>Test</th><th>Suite</th><th class="num">Flips</th><th class="num">Failed</th><th>Oldest to newest</th>\
            <th>On one commit</th><th>Latest</th></tr></thead><tbody>
            \(rows)
            </tbody></table></section>
            """
    }

    private func html(_ text: String) -> String { XMLEscaping.attribute(text) }

    /// A link to a run's page; nil for an address that is not http(s) or file, which a manifest
    /// (written by whoever can write the storage) could otherwise turn into script.
    private func link(_ address: String, _ text: String) -> String? {
        let scheme = address.prefix { $0 != ":" }.lowercased()
        guard ["http", "https", "file"].contains(scheme) else { return nil }
        return #"<a href="\#(html(address))">\#(text)</a>"#
    }

    /// Failures first, then errors, skips and passes, each in report order.
    private static func rank(_ outcome: TestRecord.Outcome) -> Int {
        switch outcome {
        case .failed: 0
        case .error: 1
        case .skipped: 2
        case .passed: 3
        }
    }

    private static func stateClass(_ state: String) -> String {
        switch state {
        case "passed": "s-passed"
        case "tests_failed", "run_failed", "errored": "s-failed"
        default: "s-other"
        }
    }

    private static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:24px auto;max-width:1100px;padding:0 16px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
        th{background:#f6f8fa}.num{text-align:right;white-space:nowrap}code{font-size:13px}
        .state{font-weight:600;padding:1px 8px;border-radius:10px;color:#fff}.s-passed{background:#1a7f37}.s-failed{background:#a40e26}.s-other{background:#6e7781}
        .t-failed,.t-error{color:#a40e26;font-weight:600}.t-passed{color:#1a7f37}.t-skipped{color:#6e7781}
        .row-failed,.row-error{background:#fff5f5}.message{white-space:pre-wrap;color:#57606a;margin-top:2px}.location{font-family:monospace;color:#0550ae}
        pre{white-space:pre-wrap;background:#f6f8fa;padding:8px;max-height:300px;overflow:auto}
        #search{width:420px;max-width:100%;padding:5px 8px;font-size:14px}.flaky{color:#9a6700;font-weight:400}
        .charts{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0 0 8px}figcaption{color:#57606a}
        .axis{stroke:#8c959f}.tick{font-size:11px;fill:#57606a}
        .bar-passed{fill:#2da44e}.bar-failed{fill:#e5534b}.bar-skipped{fill:#afb8c1}.bar-none{fill:none;stroke:#d0d7de;stroke-dasharray:3}
        .tests{fill:#0969da}.tests-line{fill:none;stroke:#0969da;stroke-width:2}.duration{fill:#8250df}.duration-line{fill:none;stroke:#8250df;stroke-width:2}
        .key{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px}span.bar-passed{background:#2da44e}span.bar-failed{background:#e5534b}span.bar-skipped{background:#afb8c1}
        .strip i{display:inline-block;width:6px;height:14px;margin-right:1px}.strip .p{background:#2da44e}.strip .f{background:#e5534b}
        footer{margin-top:32px;color:#6e7781;font-size:12px}
        """

    /// The search: a row stays when its name, suite, message or file holds every word typed.
    /// `#search=words` in the address opens the page searched, so a link can point at a test.
    private static let script = """
        (function(){var box=document.getElementById('search');if(!box)return;
        var rows=Array.prototype.slice.call(document.querySelectorAll('#tests tbody tr'));var shown=document.getElementById('shown');
        function apply(){var words=box.value.toLowerCase().split(/\\s+/).filter(Boolean);var count=0;
        rows.forEach(function(row){var text=row.getAttribute('data-search');var hit=words.every(function(w){return text.indexOf(w)>=0});
        row.hidden=!hit;if(hit)count++});shown.textContent=count+' of '+rows.length+' tests'}
        function fromAddress(){var m=/^#search=(.*)$/.exec(location.hash);if(m){box.value=decodeURIComponent(m[1]);apply()}}
        box.addEventListener('input',apply);window.addEventListener('hashchange',fromAddress);fromAddress()})();
        """
}
