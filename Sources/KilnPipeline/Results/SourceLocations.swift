import Foundation
import KilnReports

/// Makes the file of a failure's location a path of the repository, so GitHub and Azure DevOps
/// show the annotation on the pull request's diff: testthat names `test-data.R` (relative to its
/// test folder), which becomes `tests/testthat/test-data.R`; a path that already names a file of
/// the repository stays; one that names no file, or several, stays as the producer wrote it.
public struct SourceLocations: Sendable {
    /// The repository's files by name, relative to its root.
    private let filesByName: [String: [String]]
    private let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
        var byName: [String: [String]] = [:]
        for relative in (try? LocalFiles.relativeFiles(in: self.root)) ?? [] {
            byName[(relative as NSString).lastPathComponent, default: []].append(relative)
        }
        filesByName = byName
    }

    /// The repository path `file` stands for.
    public func resolve(_ file: String) -> String {
        let trimmed = file.hasPrefix("./") ? String(file.dropFirst(2)) : file
        if !trimmed.hasPrefix("/"), FileManager.default.fileExists(atPath: root.appendingPathComponent(trimmed).path) { return trimmed }
        if trimmed.hasPrefix(root.path + "/") { return String(trimmed.dropFirst(root.path.count + 1)) }
        let name = (trimmed as NSString).lastPathComponent
        let candidates = (filesByName[name] ?? []).filter { $0 == trimmed || $0.hasSuffix("/" + trimmed) }
        return candidates.count == 1 ? candidates[0] : file
    }

    /// The report with each failure's location made a repository path (its `file` and `line`).
    public func mapping(_ report: TestReport) -> TestReport {
        var report = report
        for suite in report.suites.indices {
            for index in report.suites[suite].cases.indices where report.suites[suite].cases[index].outcome.isFailure {
                guard let location = report.suites[suite].cases[index].codeLocation else { continue }
                report.suites[suite].cases[index].file = resolve(location.file)
                report.suites[suite].cases[index].line = location.line
            }
        }
        return report
    }
}
