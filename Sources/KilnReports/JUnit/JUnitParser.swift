import Foundation

/// Reads JUnit XML in the dialects producers write: testthat's JunitReporter, pytest (`xunit2`
/// and `xunit1`), unittest-xml-reporting, nutter, Surefire and Gradle (a lone `<testsuite>`).
///
/// Tolerant where producers differ (missing optional attributes, counts that disagree with the
/// cases, nested suites, unknown elements such as `<properties>`), strict where results could be
/// lost: a file that is not well-formed, or not JUnit, is an error naming the file, line and
/// column. Safe with files Kiln did not write (``XMLScanner``): no DTD, so no external entity
/// and no entity expansion; bounded nesting; files up to ``maxFileBytes``, mapped rather than
/// read into memory, each element's text kept up to 1 MB.
public struct JUnitParser: Sendable {
    /// The largest results file read: far above any real one (100,000 cases are about 7 MB).
    public static let maxFileBytes = 1 << 30

    public init() {}

    /// Parses the file at `url`; errors and notes name it `name`, else by its path.
    public func parse(contentsOf url: URL, named name: String? = nil) throws(JUnitError) -> TestReport {
        let file = name ?? url.path
        let data: Data
        do {
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
            guard size <= Self.maxFileBytes else {
                throw JUnitError.unreadable(
                    file: file,
                    reason: "it is \(size / 1_048_576) MB; Kiln reads results files up to \(Self.maxFileBytes / 1_048_576) MB")
            }
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch let error as JUnitError {
            throw error
        } catch {
            throw .unreadable(file: file, reason: error.localizedDescription)
        }
        return try parse(data, file: file)
    }

    /// Parses `data`; `file` names it in errors.
    public func parse(_ data: Data, file: String) throws(JUnitError) -> TestReport {
        do {
            return try data.withUnsafeBytes { raw in
                var reader = JUnitDocumentReader(raw.bindMemory(to: UInt8.self), file: file)
                return try reader.read()
            }
        } catch let error as JUnitError {
            throw error
        } catch {
            throw .unreadable(file: file, reason: "\(error)")
        }
    }
}
