import Foundation
import KilnReports

/// `build.json`, written to the build's storage folder: the trace from a run back to the code that
/// produced it, and the build's state as it goes.
public struct BuildManifest: Codable, Sendable, Hashable {
    public var repo: String
    public var buildId: String
    public var commit: String?
    public var branch: String?
    public var base: String?
    public var triggeredBy: String
    public var ci: String?
    public var target: String
    public var workspaceDir: String
    public var storageDir: String
    public var startedAt: String
    public var finishedAt: String?
    public var jobId: Int64?
    public var runId: Int64?
    public var runPageUrl: String?
    /// `staging`, `staged`, `running`, `ran` (results not yet collected), then the verdict: `passed`,
    /// `tests_failed` or `run_failed`;
    /// or `cancelled` (interrupted) or `errored` (the workspace or network failed) when it had none.
    public var state: String
    public var tests: TestCountsSummary?

    public struct TestCountsSummary: Codable, Sendable, Hashable {
        public var tests: Int
        public var failures: Int
        public var errors: Int
        public var skipped: Int
    }

    public init(context: BuildContext, target: String, startedAt: Date) {
        repo = context.repo
        buildId = context.buildID
        commit = context.commit
        branch = context.branch
        base = context.baseRef
        triggeredBy = context.triggeredBy
        ci = context.ci?.system.rawValue
        self.target = target
        workspaceDir = context.workspaceDir
        storageDir = context.storageDir
        self.startedAt = Self.timestamp(startedAt)
        state = "staging"
    }

    /// Records a build's verdict, so that `kiln clean` (`keep: on_failure`) and retention know it.
    mutating func record(_ verdict: ResultsVerdict, at date: Date = Date()) {
        state =
            switch verdict.status {
            case .passed: "passed"
            case .testsFailed: "tests_failed"
            default: "run_failed"
            }
        finishedAt = Self.timestamp(date)
        let counts = verdict.report.counts
        tests = TestCountsSummary(tests: counts.tests, failures: counts.failures, errors: counts.errors, skipped: counts.skipped)
    }

    /// Records that the build ended without a verdict, so that history shows how it ended and
    /// retention need not wait for it to look abandoned.
    /// A manifest with a verdict already (an earlier build's, under a re-used id) is left as it is.
    mutating func recordAbandoned(interrupted: Bool, at date: Date = Date()) {
        guard Self.activeStates.contains(state) else { return }
        state = interrupted ? "cancelled" : "errored"
        finishedAt = Self.timestamp(date)
    }

    /// The record history shows: the manifest's facts and, when given, the build's results.
    public func record(results: ResultsRecord? = nil) -> BuildRecord {
        BuildRecord(
            id: buildId, commit: commit, branch: branch, startedAt: Self.date(startedAt) ?? .distantPast,
            finishedAt: finishedAt.flatMap(Self.date), state: state, runPageURL: runPageUrl,
            counts: tests.map {
                TestCounts(
                    tests: $0.tests, passed: $0.tests - $0.failures - $0.errors - $0.skipped, failures: $0.failures, errors: $0.errors,
                    skipped: $0.skipped)
            },
            results: results)
    }

    /// UTC with milliseconds (`2026-12-01T10:02:03.456Z`), so a build's duration is exact.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// A manifest's time, with or without fractions of a second (manifests of earlier Kilns have none).
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    public static let fileName = "build.json"

    /// The states of a build that has not reached its verdict.
    public static let activeStates: Set<String> = ["staging", "staged", "running", "ran"]

    enum CodingKeys: String, CodingKey {
        case repo
        case buildId = "build_id"
        case commit, branch, base
        case triggeredBy = "triggered_by"
        case ci, target
        case workspaceDir = "workspace_dir"
        case storageDir = "storage_dir"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case jobId = "job_id"
        case runId = "run_id"
        case runPageUrl = "run_page_url"
        case state, tests
    }
}
