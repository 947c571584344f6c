import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads JUnit XML as testthat's JunitReporter, pytest (`xunit2` and `xunit1`) and most other
/// producers write it.
///
/// Tolerant where producers differ (missing optional attributes, counts that disagree with the
/// cases, nested suites, unknown elements such as `<properties>`), strict where results could be
/// lost: a file that is not well-formed, or not JUnit, is an error naming the file and the line.
/// External entities are never resolved.
public struct JUnitParser: Sendable {
    public init() {}

    /// Parses the file at `url`; errors name it by its path.
    public func parse(contentsOf url: URL) throws(JUnitError) -> TestReport {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try parse(data, file: url.path)
    }

    /// Parses `data`; `file` names it in errors.
    public func parse(_ data: Data, file: String) throws(JUnitError) -> TestReport {
        // libxml2 says nothing at all about a few blank bytes, so an empty file is caught here.
        guard data.contains(where: { !Self.xmlWhitespace.contains($0) }) else {
            throw .malformedXML(file: file, line: 1, column: 1, reason: "the file is empty")
        }
        let reader = JUnitDocumentReader(file: file)
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // The result is not trusted: on Linux `parse()` returns true after some fatal errors.
        _ = parser.parse()
        reader.finishDocument(line: max(parser.lineNumber, 1))
        if let error = reader.error {
            throw error
        }
        return reader.report
    }

    private static let xmlWhitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
}
