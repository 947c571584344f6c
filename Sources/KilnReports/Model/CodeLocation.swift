/// A place in a test's source, for the file/line of CI annotations.
public struct CodeLocation: Sendable, Hashable {
    /// Made once: a regex literal is compiled each time its expression is evaluated.
    nonisolated(unsafe) private static let testthatLocation = #/\('(?<file>[^'\n:]+):(?<line>\d+)(?::(?<column>\d+))?'\)/#

    /// The path as the producer wrote it; relative to the test directory for testthat.
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location testthat's JunitReporter appends to a failure message, `… ('test-model.R:12:3')`
    /// (testthat 3.2 writes the line alone, `('test-data.R:2')`); nil when the message has none.
    /// The last such suffix wins, since the expectation's own text may quote another.
    public init?(testthatMessage message: String) {
        // Most messages have no location: they are not searched (a failed pytest run has thousands).
        guard message.contains("')") else { return nil }
        guard let match = message.matches(of: Self.testthatLocation).last, let line = Int(match.output.line) else { return nil }
        self.init(file: String(match.output.file), line: line, column: match.output.column.flatMap { Int($0) })
    }
}
