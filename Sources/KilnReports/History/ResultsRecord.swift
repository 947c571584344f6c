/// `results.json`: the compact copy of a build's merged results kept beside its `build.json`, so
/// that history and reports come from the workspace's own state, with nothing kept on the agent.
///
/// It keeps what history needs (each test's name, outcome and time; a failure's message, the start
/// of its details and its location) and leaves out output and whole tracebacks, which the build's
/// merged JUnit file keeps. A 100,000-case build stays a few megabytes.
public struct ResultsRecord: Codable, Sendable, Hashable {
    public static let fileName = "results.json"
    /// The version of this format, so a newer Kiln can read an older build's record.
    public var version: Int
    public var tests: [TestRecord]
    /// What reading the results noticed (recounted counts, output cut to its limit).
    public var notes: [String]

    public init(tests: [TestRecord], notes: [String] = []) {
        version = 1
        self.tests = tests
        self.notes = notes
    }

    /// The record of `report`, every case in report order.
    public init(_ report: TestReport) {
        self.init(
            tests: report.suites.flatMap { suite in suite.cases.map { TestRecord(suite: suite.name, testCase: $0) } },
            notes: report.notes)
    }

    public var counts: TestCounts {
        tests.reduce(into: .zero) { counts, test in
            counts.tests += 1
            switch test.outcome {
            case .passed: counts.passed += 1
            case .failed: counts.failures += 1
            case .error: counts.errors += 1
            case .skipped: counts.skipped += 1
            }
        }
    }

    /// The cases that failed or errored, in report order.
    public var failures: [TestRecord] { tests.filter(\.outcome.isFailure) }
}

/// One test case of a build, as history keeps it.
public struct TestRecord: Codable, Sendable, Hashable {
    public enum Outcome: String, Codable, Sendable, Hashable {
        case passed, failed, error, skipped

        /// Whether the case fails a build.
        public var isFailure: Bool { self == .failed || self == .error }
    }

    public var suite: String
    /// `classname.name`, as the CIs show it.
    public var name: String
    public var outcome: Outcome
    public var time: Double
    /// Failed, then passed on a rerun.
    public var flaky: Bool?
    /// A failure's or skip's message, cut to ``messageLimit`` characters.
    public var message: String?
    /// The start of a failure's details (a traceback, the run's error), cut to ``detailsLimit``.
    public var details: String?
    /// Where the failure is: a path of the repository where Kiln could map it.
    public var file: String?
    public var line: Int?

    /// Characters of a message kept: a failure's message is a line or a paragraph.
    public static let messageLimit = 2000
    /// Characters of details kept: enough for the frames a reader looks at first.
    public static let detailsLimit = 4000

    public init(
        suite: String, name: String, outcome: Outcome, time: Double, flaky: Bool? = nil, message: String? = nil,
        details: String? = nil, file: String? = nil, line: Int? = nil
    ) {
        self.suite = suite
        self.name = name
        self.outcome = outcome
        self.time = time
        self.flaky = flaky
        self.message = message
        self.details = details
        self.file = file
        self.line = line
    }

    init(suite: String, testCase: TestCase) {
        let outcome: Outcome
        var message: String?
        switch testCase.outcome {
        case .passed: outcome = .passed
        case .failed: outcome = .failed
        case .error: outcome = .error
        case .skipped(let reason):
            outcome = .skipped
            message = reason
        }
        let failure = testCase.outcome.failure
        message = (failure?.message ?? message).flatMap { $0.isEmpty ? nil : String($0.prefix(Self.messageLimit)) }
        let location = failure == nil ? nil : testCase.codeLocation
        self.init(
            suite: suite, name: testCase.qualifiedName, outcome: outcome, time: testCase.time, flaky: testCase.flaky ? true : nil,
            message: message, details: failure.flatMap { $0.details.isEmpty ? nil : String($0.details.prefix(Self.detailsLimit)) },
            file: location?.file, line: location?.line)
    }

    /// What names the test across builds: its suite and qualified name.
    public var key: String { "\(suite)\u{1F}\(name)" }

    /// `file:line`, `file`, or nil.
    public var location: String? {
        file.map { file in line.map { "\(file):\($0)" } ?? file }
    }
}
