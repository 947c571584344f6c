import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The `XMLParser` delegate behind `JUnitParser`: builds the report from the element events and
/// records the first problem, with the line the parser was on.
///
/// Nested `<testsuite>`s are flattened in document order; a suite that only holds other suites is
/// a container and is dropped, since its cases are the inner suites' cases.
final class JUnitDocumentReader: NSObject, XMLParserDelegate {
    private let file: String
    private var openElements: [String] = []
    private var openSuites: [OpenSuite] = []
    private var finishedSuites: [(order: Int, suite: TestSuite)] = []
    private var openCase: TestCase?
    private var capture: TextCapture?
    private var sawRoot = false
    private(set) var error: JUnitError?

    init(file: String) {
        self.file = file
    }

    /// The suites read so far, in the order their start tags appeared.
    var report: TestReport {
        TestReport(suites: finishedSuites.sorted { $0.order < $1.order }.map(\.suite))
    }

    /// Records the problem `XMLParser` does not always report: a document without a root element.
    func finishDocument(line: Int) {
        if error == nil, !sawRoot {
            error = .malformedXML(file: file, line: line, column: 1, reason: Self.noRoot)
        }
    }

    private static let noRoot = "the file has no root element"

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes: [String: String] = [:]
    ) {
        defer { openElements.append(elementName) }
        let parent = openElements.last
        if parent == nil {
            sawRoot = true
            guard elementName == "testsuites" || elementName == "testsuite" else {
                return fail(.unexpectedRoot(file: file, line: parser.lineNumber, element: elementName), parser)
            }
        }
        switch elementName {
        case "testsuite" where openCase == nil:
            if !openSuites.isEmpty { openSuites[openSuites.count - 1].hasInnerSuites = true }
            openSuites.append(OpenSuite(order: openSuites.count + finishedSuites.count, attributes: attributes))
        case "testcase":
            guard parent == "testsuite", openCase == nil else {
                return fail(.testCaseOutsideSuite(file: file, line: parser.lineNumber), parser)
            }
            openCase = TestCase(
                classname: attributes["classname"] ?? "", name: attributes["name"] ?? "",
                time: Self.seconds(attributes["time"]) ?? 0, file: attributes["file"],
                line: attributes["line"].flatMap { Int($0) }
            )
        case _ where parent == "testcase" && Self.capturedElements.contains(elementName):
            capture = TextCapture(element: elementName, depth: openElements.count + 1, attributes: attributes)
        default:
            break
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        if let capture, capture.depth == openElements.count {
            finish(capture)
            self.capture = nil
        }
        openElements.removeLast()
        switch elementName {
        case "testsuite" where openCase == nil:
            finishSuite()
        case "testcase" where openElements.last == "testsuite":
            if let openCase { openSuites[openSuites.count - 1].cases.append(openCase) }
            openCase = nil
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        capture?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        capture?.text += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard error == nil else { return }
        let code = (parseError as NSError).code
        error = .malformedXML(
            file: file, line: parser.lineNumber, column: parser.columnNumber, reason: reason(forParserError: code)
        )
    }

    /// The children of `<testcase>` whose text or attributes become part of the case.
    private static let capturedElements: Set<String> = ["failure", "error", "skipped", "system-out", "system-err"]

    private func fail(_ error: JUnitError, _ parser: XMLParser) {
        if self.error == nil { self.error = error }
        parser.abortParsing()
    }

    private func finish(_ capture: TextCapture) {
        let text = capture.text
        let attributes = capture.attributes
        let failure = TestFailure(message: attributes["message"] ?? "", type: attributes["type"] ?? "", details: text)
        switch capture.element {
        case "failure": record(.failed(failure))
        case "error": record(.error(failure))
        case "skipped": record(.skipped(message: attributes["message"] ?? ""))
        case "system-out": openCase?.systemOut += text
        default: openCase?.systemErr += text
        }
    }

    /// Keeps the most severe of several result elements (pytest writes a `<failure>` and an
    /// `<error>` when a failing test's teardown fails too): error, then failure, then skipped.
    private func record(_ outcome: TestOutcome) {
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

    private func finishSuite() {
        let open = openSuites.removeLast()
        guard !(open.cases.isEmpty && open.hasInnerSuites) else { return }
        let attributes = open.attributes
        let suite = TestSuite(
            name: attributes["name"] ?? "", timestamp: attributes["timestamp"], hostname: attributes["hostname"],
            time: Self.seconds(attributes["time"]), cases: open.cases
        )
        finishedSuites.append((open.order, suite))
    }

    /// A `time` attribute in seconds, with or without decimals; nil when it is missing or not a
    /// non-negative number, since a bad time should not cost the results.
    private static func seconds(_ attribute: String?) -> Double? {
        guard let attribute, let value = Double(attribute.trimmingCharacters(in: .whitespaces)),
            value.isFinite, value >= 0
        else { return nil }
        return value
    }

    /// Says what libxml2's error code means for a test results file; `XMLParser` on Linux gives no
    /// message of its own.
    private func reason(forParserError code: Int) -> String {
        switch LibXML2Error(rawValue: code) {
        case .documentEnd where !sawRoot:
            Self.noRoot
        case .documentEnd where !openElements.isEmpty:
            "the file ends inside <\(openElements.last ?? "")>; it looks cut off, was it written completely?"
        case .documentEnd:
            "there is content after the end of the root element"
        case .documentEmpty:
            "the file is not XML (no element where the document should start)"
        case .tagNameMismatch:
            "an end tag does not match the open <\(openElements.last ?? "")>"
        case .undeclaredEntity:
            "an undeclared entity; XML only knows &amp; &lt; &gt; &quot; &apos; and numeric references"
        case nil:
            "XML error \(code) (libxml2 code)"
        }
    }
}

/// The libxml2 error codes that results files run into, by number: `XMLParser` reports libxml2's
/// code, and on Linux its own `ErrorCode` enum is numbered one lower, so that enum cannot be matched.
private enum LibXML2Error: Int {
    case documentEmpty = 4
    case documentEnd = 5
    case undeclaredEntity = 26
    case tagNameMismatch = 76
}

/// A `<testsuite>` whose end tag has not been read yet.
private struct OpenSuite {
    var order: Int
    var attributes: [String: String]
    var cases: [TestCase] = []
    var hasInnerSuites = false
}

/// The text of a result or output element of the open test case, read in pieces.
private struct TextCapture {
    var element: String
    /// The element's depth, to know which end tag closes it.
    var depth: Int
    var attributes: [String: String]
    var text = ""
}
