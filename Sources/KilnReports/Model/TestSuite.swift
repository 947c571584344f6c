/// A `<testsuite>`: a named group of cases, one per file or context in testthat, one per run in pytest.
public struct TestSuite: Sendable, Hashable {
    public var name: String
    /// As the producer wrote it: testthat writes UTC (`…Z`), pytest local time with or without an
    /// offset, so it is passed through rather than parsed into a `Date` that would lose the form.
    public var timestamp: String?
    public var hostname: String?
    /// Seconds the suite took; may exceed the sum of its cases' times (setup, collection).
    public var time: Double
    public var cases: [TestCase]
    /// Output of the suite as a whole (Surefire and Gradle write it here); empty when none.
    public var systemOut = ""
    public var systemErr = ""

    /// A suite whose `time` defaults to the sum of its cases' times.
    public init(
        name: String, timestamp: String? = nil, hostname: String? = nil, time: Double? = nil,
        cases: [TestCase]
    ) {
        self.name = name
        self.timestamp = timestamp
        self.hostname = hostname
        self.time = time ?? cases.reduce(0) { $0 + $1.time }
        self.cases = cases
    }

    /// The outcome counts of the cases; the `tests`/`failures`/… attributes of a file are not kept,
    /// because producers get them wrong and the cases are what the CI shows.
    public var counts: TestCounts {
        TestCounts(cases.map(\.outcome))
    }
}
