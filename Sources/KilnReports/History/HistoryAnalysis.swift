/// What a repository's builds say about its tests over time: the slowest, and the ones that flip
/// between passing and failing.
public struct HistoryAnalysis: Sendable {
    /// A test seen across builds.
    public struct TestHistory: Sendable, Hashable {
        public var suite: String
        public var name: String
        /// Whether it failed in each build that ran it, oldest first (skips left out).
        public var failedInBuild: [Bool]
        /// Its time in each build that ran it, oldest first.
        public var times: [Double]
        /// How many times its outcome changed from one build to the next.
        public var flips: Int
        /// Whether it passed and failed on the same commit: nothing but the test changed.
        public var flippedOnOneCommit: Bool
        /// Its outcome in the newest build that ran it.
        public var lastFailed: Bool

        /// The share of the builds that ran it in which it failed, 0 to 1.
        public var failureRate: Double {
            failedInBuild.isEmpty ? 0 : Double(failedInBuild.filter { $0 }.count) / Double(failedInBuild.count)
        }

        public var medianTime: Double {
            let sorted = times.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// Every test of the builds with results, in the order first seen.
    public let tests: [TestHistory]

    /// - Parameter builds: any order; builds without results are left out.
    public init(builds: [BuildRecord]) {
        var order: [String] = []
        var byKey: [String: TestHistory] = [:]
        var outcomesByCommit: [String: [String: Set<Bool>]] = [:]
        for build in builds.sorted(by: { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }) {
            guard let results = build.results else { continue }
            // testthat writes a case per expectation, so a name may repeat within a build: the test
            // failed in the build when any of them failed, and took their total time.
            var failed: [String: Bool] = [:]
            var time: [String: Double] = [:]
            var seen: [String] = []
            for test in results.tests where test.outcome != .skipped {
                if failed[test.key] == nil {
                    seen.append(test.key)
                    if byKey[test.key] == nil {
                        order.append(test.key)
                        byKey[test.key] = TestHistory(
                            suite: test.suite, name: test.name, failedInBuild: [], times: [], flips: 0, flippedOnOneCommit: false,
                            lastFailed: false)
                    }
                }
                failed[test.key] = (failed[test.key] ?? false) || test.outcome.isFailure
                time[test.key, default: 0] += test.time
            }
            for key in seen {
                guard var history = byKey[key] else { continue }
                let didFail = failed[key] ?? false
                if let previous = history.failedInBuild.last, previous != didFail { history.flips += 1 }
                history.failedInBuild.append(didFail)
                history.times.append(time[key] ?? 0)
                history.lastFailed = didFail
                if let commit = build.commit {
                    outcomesByCommit[commit, default: [:]][key, default: []].insert(didFail)
                    if outcomesByCommit[commit]?[key]?.count == 2 { history.flippedOnOneCommit = true }
                }
                byKey[key] = history
            }
        }
        tests = order.compactMap { byKey[$0] }
    }

    /// Tests that flip between passing and failing: on one commit, or back and forth (at least twice)
    /// across builds. A test that broke once and was fixed is not flaky; one that comes and goes is.
    /// Most flips first.
    public var flaky: [TestHistory] {
        tests.filter { $0.flippedOnOneCommit || $0.flips >= 2 }
            .sorted { ($0.flips, $0.failureRate) > ($1.flips, $1.failureRate) }
    }

    /// The `count` tests with the longest median time.
    public func slowest(_ count: Int) -> [TestHistory] {
        Array(tests.sorted { $0.medianTime > $1.medianTime }.prefix(count))
    }
}
