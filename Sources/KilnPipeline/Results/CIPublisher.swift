import Foundation
import KilnReports

/// Tells the CI system the verdict in its own terms: Azure DevOps logging commands (issues, and
/// the merged JUnit file published to the build's Tests tab), GitHub Actions workflow commands
/// (annotations) and its step summary. Outside a CI it says nothing.
public struct CIPublisher: Sendable {
    public var ci: CIEnvironment?
    public var environment: [String: String]

    public init(ci: CIEnvironment?, environment: [String: String]) {
        self.ci = ci
        self.environment = environment
    }

    /// The lines to print on stdout, where the CI's agent reads them.
    public func commands(for report: TestReport, junitFile: URL, title: String) -> [String] {
        switch ci?.system {
        case .azureDevOps:
            let issues = AzureAnnotationReporter().render(report).split(separator: "\n").map(String.init)
            let publish =
                "##vso[results.publish type=JUnit;mergeResults=true;publishRunAttachments=true;runTitle=\(AzureAnnotationReporter.property(title))]\(junitFile.path)"
            return issues + [publish]
        case .gitHubActions:
            return GitHubAnnotationReporter().render(report).split(separator: "\n").map(String.init)
        default:
            return []
        }
    }

    /// Appends the Markdown summary to GitHub's step summary file, when there is one.
    public func writeStepSummary(for report: TestReport, runPageURL: String?, title: String) throws {
        guard ci?.system == .gitHubActions, let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        var markdown = "# \(title)\n\n" + MarkdownReporter().render(report)
        if let runPageURL { markdown += "\n[The Databricks run](\(runPageURL))\n" }
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) { try Data().write(to: url) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(markdown.utf8))
    }
}
