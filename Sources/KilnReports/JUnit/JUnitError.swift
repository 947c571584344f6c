/// Why a JUnit XML file could not be read: every case names the file, and the line where there is one,
/// so a CI log points at the file to look at.
public enum JUnitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read at all (missing, unreadable).
    case unreadable(file: String, reason: String)
    /// The file is not well-formed XML: empty, not XML, cut off, a bad entity or a mismatched tag.
    case malformedXML(file: String, line: Int, column: Int, reason: String)
    /// Well-formed XML, but not a JUnit report: the root is neither `<testsuites>` nor `<testsuite>`.
    case unexpectedRoot(file: String, line: Int, element: String)
    /// A `<testcase>` that is not directly inside a `<testsuite>`, so it belongs to no suite.
    case testCaseOutsideSuite(file: String, line: Int)

    /// The file the error is about, as the caller named it.
    public var file: String {
        switch self {
        case .unreadable(let file, _), .malformedXML(let file, _, _, _), .unexpectedRoot(let file, _, _),
            .testCaseOutsideSuite(let file, _):
            file
        }
    }

    /// The line of the file the error is about, counted from 1; nil when the file could not be read.
    public var line: Int? {
        switch self {
        case .unreadable: nil
        case .malformedXML(_, let line, _, _), .unexpectedRoot(_, let line, _), .testCaseOutsideSuite(_, let line):
            line
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the JUnit file: \(reason)"
        case .malformedXML(let file, let line, let column, let reason):
            "\(file):\(line):\(column): not a well-formed JUnit XML file: \(reason)"
        case .unexpectedRoot(let file, let line, let element):
            "\(file):\(line): not a JUnit report: the root element is <\(element)>, expected <testsuites> or "
                + "<testsuite>; check which files the results pattern collects"
        case .testCaseOutsideSuite(let file, let line):
            "\(file):\(line): <testcase> is not inside a <testsuite>, so it belongs to no suite"
        }
    }
}
