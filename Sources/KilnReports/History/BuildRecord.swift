import Foundation

/// One build of a repository as history shows it: what its manifest says, and its results when
/// they were kept.
public struct BuildRecord: Sendable, Hashable {
    public var id: String
    public var commit: String?
    public var branch: String?
    public var startedAt: Date
    public var finishedAt: Date?
    /// `passed`, `tests_failed`, `run_failed`, `cancelled`, `errored`, or a state of a build
    /// that has not ended (`staging`, `staged`, `running`).
    public var state: String
    public var runPageURL: String?
    /// The counts the manifest recorded at the verdict.
    public var counts: TestCounts?
    /// The build's `results.json`, when it has one.
    public var results: ResultsRecord?

    public init(
        id: String, commit: String?, branch: String?, startedAt: Date, finishedAt: Date?, state: String, runPageURL: String?,
        counts: TestCounts?, results: ResultsRecord? = nil
    ) {
        self.id = id
        self.commit = commit
        self.branch = branch
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.state = state
        self.runPageURL = runPageURL
        self.counts = counts
        self.results = results
    }

    /// Seconds from start to verdict; nil while the build has not ended.
    public var duration: TimeInterval? {
        finishedAt.map { $0.timeIntervalSince(startedAt) }
    }

    /// The build's counts: from its results when it kept them (they count every case), else as
    /// its manifest recorded them.
    public var testCounts: TestCounts? {
        results?.counts ?? counts
    }

    /// The state in words: `tests failed`.
    public var stateText: String {
        state.replacingOccurrences(of: "_", with: " ")
    }

    /// The first 10 characters of the commit, as the CIs show it.
    public var shortCommit: String? {
        commit.map { String($0.prefix(10)) }
    }
}
