import Foundation

/// Step 1: does this change need a build? Only when a file under `changes.paths` changed against
/// the merge base with the base ref; with no base to compare with, a build is needed.
public struct ChangesStep: Sendable {
    public var config: KilnConfig
    /// The ref to compare with (`BuildContext.baseRef`), if any.
    public var baseRef: String?
    public var environment: [String: String]

    public init(config: KilnConfig, baseRef: String?, environment: [String: String]) {
        self.config = config
        self.baseRef = baseRef
        self.environment = environment
    }

    public struct Decision: Sendable, Hashable {
        public var needsBuild: Bool
        /// Why, in a sentence for the console.
        public var reason: String
        /// The changed files that matter, when compared.
        public var matchingFiles: [String]
    }

    public func decide() async throws -> Decision {
        guard let base = baseRef else {
            return Decision(
                needsBuild: true, reason: "no base ref to compare with (--base, the CI or changes.base): building", matchingFiles: [])
        }
        let detector = ChangeDetector(directory: config.directory, paths: config.changes.paths, environment: environment)
        let report = try await detector.changes(against: base)
        let patterns = config.changes.paths.map(\.pattern).joined(separator: ", ")
        guard report.needsBuild else {
            return Decision(
                needsBuild: false,
                reason:
                    "nothing under \(patterns) changed against \(report.baseRef) (\(report.changedFiles.count) other file(s) changed): no build needed",
                matchingFiles: [])
        }
        return Decision(
            needsBuild: true,
            reason: "\(report.matchingFiles.count) file(s) under \(patterns) changed against \(report.baseRef)",
            matchingFiles: report.matchingFiles)
    }
}
