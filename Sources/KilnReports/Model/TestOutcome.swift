/// How a test case ended, as its `<failure>`, `<error>` or `<skipped>` child (or none) says.
public enum TestOutcome: Sendable, Hashable {
    case passed
    /// An assertion did not hold (`<failure>`).
    case failed(TestFailure)
    /// The test could not run to its assertions: an exception, a setup or teardown failure (`<error>`).
    case error(TestFailure)
    /// Skipped, or an expected failure (pytest's xfail); `message` is empty when none was given.
    case skipped(message: String)

    /// The failure of a failed or errored case.
    public var failure: TestFailure? {
        switch self {
        case .failed(let failure), .error(let failure): failure
        case .passed, .skipped: nil
        }
    }

    /// Whether the case errored (`<error>`): it could not run to its assertions.
    public var isError: Bool {
        if case .error = self { return true }
        return false
    }

    /// Whether the case fails the build: failed or errored.
    public var isFailure: Bool {
        failure != nil
    }
}

/// What a `<failure>` or `<error>` element says: empty strings stand for absent attributes or text,
/// which no consumer of JUnit tells apart.
public struct TestFailure: Sendable, Hashable {
    /// The short message (`message` attribute): testthat's first line plus location, pytest's crash line.
    public var message: String
    /// The kind of failure (`type` attribute): `failure`/`error` in testthat, an exception name elsewhere.
    public var type: String
    /// The element's text: the full message or traceback.
    public var details: String

    public init(message: String, type: String = "", details: String = "") {
        self.message = message
        self.type = type
        self.details = details
    }
}
