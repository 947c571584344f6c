import Foundation

/// Writes a report as JUnit XML valid against the schema Jenkins validates with and Azure DevOps'
/// PublishTestResults reads (Tests/KilnTests/Fixtures/junit/junit.xsd, checked with xmllint).
///
/// The output is deterministic (fixed attribute order, two-space indentation, `\n` line ends,
/// times in seconds with three decimals), so it can be diffed and compared in tests; parsing it
/// back gives the same report, except for characters XML cannot carry, times below a
/// millisecond, and a case's `file` and `line`, which the schema has no place for (they reach the
/// CI as annotations instead).
public struct JUnitWriter: Sendable {
    public init() {}

    public func write(_ report: TestReport) -> String {
        var text = ""
        write(report) { text += $0 }
        return text
    }

    /// Writes the report to `url` a suite at a time, so a large report is never whole in memory
    /// twice; the file appears complete (written beside it, then renamed into place).
    public func write(_ report: TestReport, to url: URL) throws {
        let partial = url.appendingPathExtension("partial")
        _ = FileManager.default.createFile(atPath: partial.path, contents: nil)
        let handle = try FileHandle(forWritingTo: partial)
        var buffer = Data()
        var failure: (any Error)?
        write(report) { chunk in
            buffer.append(contentsOf: chunk.utf8)
            guard buffer.count >= 1 << 16, failure == nil else { return }
            do { try handle.write(contentsOf: buffer) } catch { failure = error }
            buffer.removeAll(keepingCapacity: true)
        }
        do {
            if let failure { throw failure }
            try handle.write(contentsOf: buffer)
            try handle.close()
            guard rename(partial.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    /// The document in pieces, a suite at a time.
    private func write(_ report: TestReport, into sink: (String) -> Void) {
        // The schema's <testsuites> has no `skipped`; its suites do.
        let totals = Self.countAttributes(report.counts, time: report.time).filter { $0.0 != "skipped" }
        sink(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n<testsuites\(Self.attributes(totals))>\n")
        for suite in report.suites {
            var chunk = ""
            Self.append(suite, to: &chunk)
            sink(chunk)
        }
        sink("</testsuites>\n")
    }

    private static func append(_ suite: TestSuite, to out: inout String) {
        var attributes = [("name", suite.name)] + countAttributes(suite.counts, time: suite.time)
        if let timestamp = suite.timestamp { attributes.append(("timestamp", timestamp)) }
        if let hostname = suite.hostname { attributes.append(("hostname", hostname)) }
        let outputs = [("system-out", suite.systemOut), ("system-err", suite.systemErr)].filter { !$0.1.isEmpty }
        guard !suite.cases.isEmpty || !outputs.isEmpty else {
            out += "  <testsuite\(Self.attributes(attributes))/>\n"
            return
        }
        out += "  <testsuite\(Self.attributes(attributes))>\n"
        for testCase in suite.cases { append(testCase, to: &out) }
        for (name, text) in outputs { out += "    \(element(name, [], text: text))\n" }
        out += "  </testsuite>\n"
    }

    /// A case, appended piece by piece: a report holds up to hundreds of thousands.
    private static func append(_ testCase: TestCase, to out: inout String) {
        out += "    <testcase classname=\""
        out += XMLEscaping.attribute(testCase.classname)
        out += "\" name=\""
        out += XMLEscaping.attribute(testCase.name)
        out += "\" time=\""
        out += formatSeconds(testCase.time)
        var children: [String] = []
        switch testCase.outcome {
        case .passed: break
        case .failed(let failure): children.append(element("failure", failure))
        case .error(let failure): children.append(element("error", failure))
        case .skipped(let message): children.append(element("skipped", [("message", message)], text: ""))
        }
        if !testCase.systemOut.isEmpty { children.append(element("system-out", [], text: testCase.systemOut)) }
        if !testCase.systemErr.isEmpty { children.append(element("system-err", [], text: testCase.systemErr)) }
        guard !children.isEmpty else {
            out += "\"/>\n"
            return
        }
        out += "\">\n"
        for child in children { out += "      \(child)\n" }
        out += "    </testcase>\n"
    }

    private static func element(_ name: String, _ failure: TestFailure) -> String {
        element(name, [("message", failure.message), ("type", failure.type)], text: failure.details)
    }

    /// One element on one line; its text is written as is (escaped), never re-indented, so that
    /// tracebacks keep their shape.
    private static func element(_ name: String, _ attributes: [(String, String)], text: String) -> String {
        let present = attributes.filter { !$0.1.isEmpty }
        guard !text.isEmpty else { return "<\(name)\(Self.attributes(present))/>" }
        return "<\(name)\(Self.attributes(present))>\(XMLEscaping.text(text))</\(name)>"
    }

    private static func countAttributes(_ counts: TestCounts, time: Double) -> [(String, String)] {
        [
            ("tests", String(counts.tests)), ("failures", String(counts.failures)),
            ("errors", String(counts.errors)), ("skipped", String(counts.skipped)), ("time", formatSeconds(time)),
        ]
    }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLEscaping.attribute($0.1))\"" }.joined()
    }
}
