/// The results of one or more test runs: the suites, in the order they were read or merged.
///
/// Counts and time are derived from the suites, so they cannot disagree with the cases.
public struct TestReport: Sendable, Hashable {
    public var suites: [TestSuite]
    /// What reading the files noticed without failing: counts that disagreed with the cases,
    /// output cut to its limit. Shown with the results.
    public var notes: [String] = []

    public init(suites: [TestSuite] = []) {
        self.suites = suites
    }

    /// The outcome counts of every case of every suite.
    public var counts: TestCounts {
        suites.reduce(.zero) { $0 + $1.counts }
    }

    /// The sum of the suites' times, in seconds.
    public var time: Double {
        suites.reduce(0) { $0 + $1.time }
    }

    /// Every case that failed or errored, in report order: what the reporters list and annotate.
    public var failedCases: [TestCase] {
        suites.flatMap { suite in suite.cases.filter(\.outcome.isFailure) }
    }

    /// Whether a case failed or errored. An empty report has none, so a caller that expects
    /// results must check `counts.tests` as well.
    public var hasFailures: Bool {
        suites.contains { suite in suite.cases.contains(where: \.outcome.isFailure) }
    }

    /// Adds `testCase` to the suite named `suiteName`, creating that suite at the end when there
    /// is none, so a synthetic result (see `TestCase.runFailure`) reaches every reporter.
    public mutating func add(_ testCase: TestCase, toSuiteNamed suiteName: String) {
        if let index = suites.firstIndex(where: { $0.name == suiteName }) {
            suites[index].cases.append(testCase)
            suites[index].time += testCase.time
        } else {
            suites.append(TestSuite(name: suiteName, cases: [testCase]))
        }
    }
}
