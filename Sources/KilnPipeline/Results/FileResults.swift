import Foundation
import KilnReports

/// `kiln results FILE|GLOB…`: JUnit files read, merged and published with no kiln.yml and no
/// workspace, for any CI step that has test results (a pytest run, a Maven build).
public struct FileResults: Sendable {
    public var arguments: [String]
    /// Where relative arguments start, and the repository whose paths annotations name.
    public var folder: URL

    public init(arguments: [String], folder: URL) {
        self.arguments = arguments
        self.folder = folder
    }

    /// What the files held: the merged report (unreadable files as errored cases), the names of
    /// the files read, and whether any file could be read at all.
    public struct Collected: Sendable {
        public var report: TestReport
        public var files: [String]
        public var unreadable: [(name: String, error: String)]
    }

    public func collect() throws(GlobError) -> Collected {
        let selection = try ResultFileSelection(arguments, in: folder)
        var files: [ResultFile] = []
        var unreadable = selection.unmatched.map { argument in
            (name: argument, error: argument.contains { "*?[".contains($0) } ? "the pattern matched no file" : "no such file")
        }
        for file in selection.files {
            do {
                files.append(ResultFile(name: file.name, report: try JUnitParser().parse(contentsOf: file.url, named: file.name)))
            } catch {
                unreadable.append((file.name, error.description))
            }
        }
        let report = TestReport(merging: files, unreadable: unreadable)
        return Collected(
            report: SourceLocations(root: Self.repositoryRoot(of: folder)).mapping(report), files: files.map(\.name), unreadable: unreadable
        )
    }

    /// The repository `folder` is in (the folder holding `.git`), else `folder` itself.
    static func repositoryRoot(of folder: URL) -> URL {
        var candidate = folder.standardizedFileURL
        while candidate.path != "/" {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(".git").path) { return candidate }
            candidate.deleteLastPathComponent()
        }
        return folder
    }
}
