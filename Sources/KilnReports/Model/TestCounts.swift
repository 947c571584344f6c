/// How many cases ended in each way; derived from the cases, never read from a file's attributes.
public struct TestCounts: Sendable, Hashable {
    public var tests: Int
    public var passed: Int
    /// Cases with a `<failure>`.
    public var failures: Int
    /// Cases with an `<error>`.
    public var errors: Int
    public var skipped: Int

    public init(tests: Int, passed: Int, failures: Int, errors: Int, skipped: Int) {
        self.tests = tests
        self.passed = passed
        self.failures = failures
        self.errors = errors
        self.skipped = skipped
    }

    /// Counts the outcomes.
    public init(_ outcomes: some Sequence<TestOutcome>) {
        self = .zero
        for outcome in outcomes {
            tests += 1
            switch outcome {
            case .passed: passed += 1
            case .failed: failures += 1
            case .error: errors += 1
            case .skipped: skipped += 1
            }
        }
    }

    public static let zero = TestCounts(tests: 0, passed: 0, failures: 0, errors: 0, skipped: 0)

    /// Failures and errors together: the cases that fail a build.
    public var failed: Int {
        failures + errors
    }

    public static func + (lhs: TestCounts, rhs: TestCounts) -> TestCounts {
        TestCounts(
            tests: lhs.tests + rhs.tests, passed: lhs.passed + rhs.passed,
            failures: lhs.failures + rhs.failures, errors: lhs.errors + rhs.errors,
            skipped: lhs.skipped + rhs.skipped
        )
    }
}
