import Foundation
import Testing

/// `kiln report`'s page in a real browser: headless Chromium (Debian's `chromium`, which
/// `make test` installs) opens it from disk with the network cut off, and the test reads what it
/// rendered: the DOM after the page's script ran, and the pixels of a screenshot, which is kept.
@Suite("the report in headless Chromium", .serialized, .timeLimit(.minutes(8)))
struct ReportBrowserTests {
    /// Where the screenshot is kept after the run, for a person (or a CI artifact) to look at.
    static let screenshot = Examples.root.deletingLastPathComponent().appendingPathComponent(".build/test-artifacts/kiln-report.png")

    @Test func thePageRendersTheFailureTheChartsAndASearchThatNarrowsTheList() async throws {
        let fixture = try await ThirtyBuilds.shared.value
        let page = fixture.report.url.appendingPathComponent("index.html")
        let browser = try Chromium()

        // As opened: every test listed, the failing one first.
        let opened = try await browser.dom(of: page)
        let rows = HTMLText.rows(of: "tests", in: opened)
        #expect(rows.count == 14)
        #expect(rows.filter { $0.contains("hidden") }.isEmpty)
        #expect(rows.first?.contains("test_broke_at_build_25") == true)
        #expect(opened.contains("<span id=\"shown\">14 of 14 tests</span>"))

        // Searched (the address carries the words, as a shared link does): one row is left.
        let searched = try await browser.dom(of: page, fragment: "search=comes%20goes")
        let left = HTMLText.rows(of: "tests", in: searched).filter { !$0.contains(" hidden") }
        #expect(left.count == 1)
        #expect(left.first?.contains("test_comes_and_goes") == true)
        #expect(searched.contains("<span id=\"shown\">1 of 14 tests</span>"), "the script ran and counted what it kept")

        // Drawn: the screenshot holds the charts' colours: bars of passes and failures, the test
        // count's line and the duration's.
        try FileManager.default.createDirectory(at: Self.screenshot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: Self.screenshot)
        try await browser.screenshot(of: page, to: Self.screenshot)
        let colours = try await PNGColours.count(in: Self.screenshot, ["2da44e", "e5534b", "0969da", "8250df"])
        #expect(colours["width"] == 1280)
        #expect((colours["2da44e"] ?? 0) > 5000, "passed bars: \(colours)")
        #expect((colours["e5534b"] ?? 0) > 1000, "failed bars: \(colours)")
        #expect((colours["0969da"] ?? 0) > 100, "the tests line: \(colours)")
        #expect((colours["8250df"] ?? 0) > 100, "the duration line: \(colours)")
    }
}

/// Headless Chromium with nothing but the page: no network (every host name fails to resolve),
/// no background services, a profile of its own that is thrown away.
struct Chromium {
    let executable: URL
    let profile = TemporaryFolder("kiln-chromium")

    init() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        guard
            let found = path.split(separator: ":").map({ URL(fileURLWithPath: String($0)).appendingPathComponent("chromium") })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { throw Missing() }
        executable = found
    }

    private var flags: [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile.url.path)",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,2200",
        ]
    }

    /// The DOM after the page's scripts ran.
    func dom(of page: URL, fragment: String? = nil) async throws -> String {
        let address = page.absoluteString + (fragment.map { "#\($0)" } ?? "")
        let result = try await runProcess(executable, flags + ["--dump-dom", address])
        guard result.status == 0, result.stdout.contains("</html>") else { throw Failed(result: result) }
        return result.stdout
    }

    func screenshot(of page: URL, to file: URL) async throws {
        let result = try await runProcess(executable, flags + ["--screenshot=\(file.path)", page.absoluteString])
        guard result.status == 0, FileManager.default.fileExists(atPath: file.path) else { throw Failed(result: result) }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "chromium is not on PATH: `make test` installs it (apt-get install chromium)" }
    }

    struct Failed: Error, CustomStringConvertible {
        var result: ProcessResult
        var description: String { "chromium exited \(result.status):\n\(result.stderr.suffix(2000))" }
    }
}

/// Counts pixels of given colours in a PNG, with `Fixtures/png_colors.py` (Python's standard library).
enum PNGColours {
    static func count(in file: URL, _ colours: [String]) async throws -> [String: Int] {
        let script = Examples.root.deletingLastPathComponent().appendingPathComponent("Tests/KilnTests/Fixtures/png_colors.py")
        let result = try await runProcess(URL(fileURLWithPath: "/usr/bin/python3"), [script.path, file.path] + colours)
        guard result.status == 0 else { throw Chromium.Failed(result: result) }
        return try JSONDecoder().decode([String: Int].self, from: Data(result.stdout.utf8))
    }
}
