/// Builds a report from the events of an ``XMLScanner``: the JUnit dialects in use, read into one
/// model.
///
/// - Nested `<testsuite>`s are flattened in document order; a suite that only holds other suites
///   is a container and is dropped, since its cases are the inner suites' cases.
/// - A suite's `tests`/`failures`/`errors`/`skipped` counts are not trusted: the cases are
///   counted, and a suite whose counts disagree gets a note saying so.
/// - `system-out`/`system-err` are kept at case and suite level; Surefire's `flakyFailure` and
///   `flakyError` mark a case that passed on a rerun, `rerunFailure` and `rerunError` one that
///   failed on every try.
/// - Only the text of elements the model keeps is decoded, and each is kept up to 1 MB (the rest
///   counted in a note), so a file's size does not become memory.
struct JUnitDocumentReader: ~Copyable {
    private let file: String
    private var scanner: XMLScanner
    private var openSuites: [OpenSuite] = []
    private var finishedSuites: [(order: Int, suite: TestSuite)] = []
    private var openCase: TestCase?
    private var capture: TextCapture?
    private var notes: [String] = []

    /// Text kept of one element; a test's captured output can be any size.
    static let maxCapturedBytes = 1 << 20

    init(_ bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.file = file
        scanner = XMLScanner(bytes)
    }

    /// Reads the whole document.
    mutating func read() throws(JUnitError) -> TestReport {
        do {
            while let event = try scanner.next() {
                switch event {
                case .start(let name, let attributes, _): try start(name, attributes)
                case .end(let name): end(name)
                case .text(let range): if capture != nil { append(try scanner.text(range)) }
                case .cdata(let range): if capture != nil { append(scanner.cdata(range)) }
                }
            }
        } catch let error as XMLScanError {
            throw .malformedXML(file: file, line: error.line, column: error.column, reason: error.reason)
        } catch let error as JUnitError {
            throw error
        } catch {
            throw .unreadable(file: file, reason: "\(error)")
        }
        var report = TestReport(suites: finishedSuites.sorted { $0.order < $1.order }.map(\.suite))
        report.notes = notes
        return report
    }

    private mutating func start(_ name: String, _ attributes: XMLAttributes) throws(JUnitError) {
        let open = scanner.openElements
        let parent = open.count > 1 ? open[open.count - 2] : nil
        if parent == nil, name != "testsuites", name != "testsuite" {
            throw .unexpectedRoot(file: file, line: scanner.line, element: name)
        }
        switch name {
        case "testsuite" where openCase == nil:
            if !openSuites.isEmpty { openSuites[openSuites.count - 1].hasInnerSuites = true }
            openSuites.append(OpenSuite(order: openSuites.count + finishedSuites.count, attributes: attributes))
        case "testcase":
            guard parent == "testsuite", openCase == nil else { throw .testCaseOutsideSuite(file: file, line: scanner.line) }
            // pytest (its suites are named `pytest`) counts lines from 0; the model from 1.
            let fromZero = openSuites.last?.attributes["name"] == "pytest"
            openCase = TestCase(
                classname: attributes["classname"] ?? "", name: attributes["name"] ?? "", time: Self.seconds(attributes["time"]) ?? 0,
                file: attributes["file"], line: attributes["line"].flatMap { Int($0) }.map { fromZero ? $0 + 1 : $0 })
        case _ where parent == "testcase" && Self.caseElements.contains(name),
            _ where parent == "testsuite" && openCase == nil && (name == "system-out" || name == "system-err"):
            capture = TextCapture(element: name, depth: open.count, attributes: attributes, ofSuite: parent == "testsuite")
        default:
            break
        }
    }

    private mutating func end(_ name: String) {
        if let capture, capture.depth == scanner.openElements.count + 1 {
            finish(capture)
            self.capture = nil
        }
        switch name {
        case "testsuite" where openCase == nil:
            finishSuite()
        case "testcase" where scanner.openElements.last == "testsuite":
            if let openCase { openSuites[openSuites.count - 1].cases.append(openCase) }
            openCase = nil
        default:
            break
        }
    }

    /// Adds to the open capture in place (a copy of it would copy its text on every piece).
    private mutating func append(_ text: String) {
        guard let kept = capture?.text.utf8.count else { return }
        let room = max(Self.maxCapturedBytes - kept, 0)
        if text.utf8.count <= room {
            capture!.text += text
        } else {
            capture!.text += String(decoding: text.utf8.prefix(room), as: UTF8.self)
            capture!.droppedBytes += text.utf8.count - room
        }
    }

    /// The children of `<testcase>` whose text or attributes become part of the case.
    private static let caseElements: Set<String> = [
        "failure", "error", "skipped", "system-out", "system-err", "flakyFailure", "flakyError", "rerunFailure", "rerunError",
    ]

    private mutating func finish(_ capture: TextCapture) {
        var text = capture.text
        if capture.droppedBytes > 0 {
            text += "\n… [\(capture.droppedBytes) more bytes not kept]"
            notes.append(
                "\(file): a <\(capture.element)> of \(Self.megabytes(capture.droppedBytes + Self.maxCapturedBytes)) was cut to its first MB"
            )
        }
        if capture.ofSuite {
            if capture.element == "system-out" {
                openSuites[openSuites.count - 1].systemOut += text
            } else {
                openSuites[openSuites.count - 1].systemErr += text
            }
            return
        }
        let attributes = capture.attributes
        let failure = TestFailure(message: attributes["message"] ?? "", type: attributes["type"] ?? "", details: text)
        switch capture.element {
        case "failure", "rerunFailure": record(.failed(failure))
        case "error", "rerunError": record(.error(failure))
        case "skipped": record(.skipped(message: attributes["message"] ?? ""))
        case "flakyFailure", "flakyError": openCase?.flaky = true
        case "system-out": openCase?.systemOut += text
        default: openCase?.systemErr += text
        }
    }

    /// Keeps the most severe of several result elements (pytest writes a `<failure>` and an
    /// `<error>` when a failing test's teardown fails too): error, then failure, then skipped.
    private mutating func record(_ outcome: TestOutcome) {
        guard let current = openCase?.outcome, Self.severity(outcome) > Self.severity(current) else { return }
        openCase?.outcome = outcome
    }

    private static func severity(_ outcome: TestOutcome) -> Int {
        switch outcome {
        case .passed: 0
        case .skipped: 1
        case .failed: 2
        case .error: 3
        }
    }

    private mutating func finishSuite() {
        let open = openSuites.removeLast()
        guard !(open.cases.isEmpty && open.hasInnerSuites) else { return }
        let attributes = open.attributes
        var suite = TestSuite(
            name: attributes["name"] ?? "", timestamp: attributes["timestamp"], hostname: attributes["hostname"],
            time: Self.seconds(attributes["time"]), cases: open.cases)
        suite.systemOut = open.systemOut
        suite.systemErr = open.systemErr
        if let disagreement = Self.disagreement(attributes, suite.counts) {
            notes.append("\(file): suite \"\(suite.name)\" declares \(disagreement); the cases are counted")
        }
        finishedSuites.append((open.order, suite))
    }

    /// What a suite's declared counts get wrong, when they disagree with its cases.
    private static func disagreement(_ attributes: XMLAttributes, _ counts: TestCounts) -> String? {
        let declared: [(String, Int)] = [
            ("tests", counts.tests), ("failures", counts.failures), ("errors", counts.errors), ("skipped", counts.skipped),
        ]
        let wrong = declared.compactMap { name, actual -> String? in
            guard let text = attributes[name] else { return nil }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value == actual else {
                return "\(name)=\"\(text)\" (the cases say \(actual))"
            }
            return nil
        }
        return wrong.isEmpty ? nil : wrong.joined(separator: ", ")
    }

    /// A `time` attribute in seconds, with or without decimals; nil when it is missing or not a
    /// non-negative number, since a bad time should not cost the results.
    private static func seconds(_ attribute: String?) -> Double? {
        guard let attribute, let value = Double(attribute) ?? Double(attribute.trimmingCharacters(in: .whitespaces)), value.isFinite,
            value >= 0
        else {
            return nil
        }
        return value
    }

    private static func megabytes(_ bytes: Int) -> String {
        "\((Double(bytes) / 1_048_576 * 10).rounded() / 10) MB"
    }
}

/// A `<testsuite>` whose end tag has not been read yet.
private struct OpenSuite {
    var order: Int
    var attributes: XMLAttributes
    var cases: [TestCase] = []
    var hasInnerSuites = false
    var systemOut = ""
    var systemErr = ""
}

/// The text of a result or output element of the open test case or suite, read in pieces.
private struct TextCapture {
    var element: String
    /// The element's depth, to know which end tag closes it.
    var depth: Int
    var attributes: XMLAttributes
    var ofSuite: Bool
    var text = ""
    var droppedBytes = 0
}
