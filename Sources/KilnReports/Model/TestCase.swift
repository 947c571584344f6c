/// A `<testcase>`: one test in pytest, one expectation in testthat (so names may repeat).
public struct TestCase: Sendable, Hashable {
    /// The group the test belongs to: pytest's module path (`tests.test_model.TestFit`),
    /// testthat's context; empty when the file has none.
    public var classname: String
    public var name: String
    /// Seconds the test took.
    public var time: Double
    public var outcome: TestOutcome
    /// Output the test printed; empty when the file carries none.
    public var systemOut: String
    public var systemErr: String
    /// The test's source file and line as the producer wrote them (pytest's `xunit1` family,
    /// unittest-xml-reporting), the line counted from 1 (pytest's, counted from 0, made so).
    public var file: String?
    public var line: Int?
    /// Failed, then passed on a rerun (Surefire's `flakyFailure`): it counts as passed.
    public var flaky: Bool

    public init(
        classname: String = "", name: String, time: Double = 0, outcome: TestOutcome = .passed,
        systemOut: String = "", systemErr: String = "", file: String? = nil, line: Int? = nil, flaky: Bool = false
    ) {
        self.classname = classname
        self.name = name
        self.time = time
        self.outcome = outcome
        self.systemOut = systemOut
        self.systemErr = systemErr
        self.file = file
        self.line = line
        self.flaky = flaky
    }

    /// `classname.name`, the name Azure DevOps shows as the automated test name; just `name` when
    /// there is no classname.
    public var qualifiedName: String {
        classname.isEmpty ? name : "\(classname).\(name)"
    }

    /// Where the test or its failure is in the source, for annotations: the `file`/`line`
    /// attributes when present, else the location testthat appends to a failure message.
    public var codeLocation: CodeLocation? {
        if let file {
            return CodeLocation(file: file, line: line)
        }
        return outcome.failure.flatMap { CodeLocation(testthatMessage: $0.message) }
    }

    /// A failed case standing for a run that ended before its tests could report (the cluster
    /// died, the notebook failed before `test_dir`), so the CI shows the failure where it shows tests.
    public static func runFailure(notebookPath: String, message: String, details: String = "") -> TestCase {
        TestCase(
            classname: notebookPath, name: "run",
            outcome: .failed(TestFailure(message: message, type: "RunFailure", details: details))
        )
    }
}
