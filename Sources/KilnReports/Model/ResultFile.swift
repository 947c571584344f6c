/// A report together with the name of the file it was read from, the unit that merging works on.
public struct ResultFile: Sendable, Hashable {
    /// The file's name as the caller wants it shown, e.g. its path relative to the results folder.
    public var name: String
    public var report: TestReport

    public init(name: String, report: TestReport) {
        self.name = name
        self.report = report
    }

    /// `name` without a trailing `.xml`: the prefix a colliding suite gets.
    var stem: String {
        name.hasSuffix(".xml") ? String(name.dropLast(4)) : name
    }
}
