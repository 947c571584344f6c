import Foundation
import Testing

@testable import KilnPipeline

/// `retention:`: a build is kept while it is among the newest `keep_last` or younger than
/// `max_age_days`; the current build always stays.
@Suite("Retention plan")
struct RetentionPlanTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: Int64 = 86_400_000

    /// Builds `a` (oldest, 30 days) to `e` (newest, 1 day), and the current build `now`.
    static let builds: [RetentionPlan.Build] = [
        .init(id: "a", startedAt: millis(daysAgo: 30)), .init(id: "b", startedAt: millis(daysAgo: 20)),
        .init(id: "c", startedAt: millis(daysAgo: 10)), .init(id: "d", startedAt: millis(daysAgo: 5)),
        .init(id: "e", startedAt: millis(daysAgo: 1)), .init(id: "now", startedAt: millis(daysAgo: 0)),
    ]

    static func millis(daysAgo: Int64) -> Int64 { Int64(now.timeIntervalSince1970 * 1000) - daysAgo * day }

    @Test(arguments: [
        (3, 14, ["a", "b"]),  // beyond the newest three and older than two weeks
        (0, 14, ["a", "b"]),  // by age alone
        (3, 0, ["a", "b", "c"]),  // by count alone: the newest three, `now` among them
        (10, 0, [String]()),  // fewer builds than keep_last
        (0, 0, ["a", "b", "c", "d", "e"]),
        (1, 7, ["a", "b", "c"]),
    ])
    func expiredBuilds(keepLast: Int, maxAgeDays: Int, expected: [String]) {
        let plan = RetentionPlan(keepLast: keepLast, maxAgeDays: maxAgeDays)
        #expect(plan.expired(Self.builds, current: "now", now: Self.now).map(\.id) == expected)
    }

    @Test func theCurrentBuildIsNeverExpired() {
        let plan = RetentionPlan(keepLast: 0, maxAgeDays: 0)
        let old = [RetentionPlan.Build(id: "current", startedAt: 0)]
        #expect(plan.expired(old, current: "current", now: Self.now).isEmpty)
    }
}

/// Every delete the pipeline makes goes through the guard.
@Suite("Build folder guard")
struct BuildFolderGuardTests {
    @Test(arguments: [
        ("/Shared/build/repo/42", "/Shared/build", "repo", "42", true),
        ("dbfs:/kiln/build/repo/42", "dbfs:/kiln/build/", "repo", "42", true),
        ("/Shared/build/repo", "/Shared/build", "repo", "", false),
        ("/Shared/build//42", "/Shared/build", "", "42", false),
        ("/Shared/build/repo/..", "/Shared/build", "repo", "..", false),
        ("/Shared/build/repo/a/b", "/Shared/build", "repo", "a/b", false),
        ("/Shared/other/repo/42", "/Shared/build", "repo", "42", false),
        ("/repo/42", "/", "repo", "42", false),
        ("dbfs:/repo/42", "dbfs:/", "repo", "42", false),
    ])
    func onlyABuildsOwnFolder(path: String, root: String, repo: String, build: String, allowed: Bool) {
        let checked = try? BuildFolderGuard.check(path, root: root, repo: repo, build: build)
        #expect((checked != nil) == allowed, "\(path)")
    }
}
