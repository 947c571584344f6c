/// What every reporter says about one failed or errored case, before its own layout and escaping,
/// so the console, the step summary and the annotations tell the same story.
struct FailureSummary {
    /// `FAILED` or `ERROR`, as pytest's short summary says it.
    let label: String
    /// The case's qualified name.
    let title: String
    let location: CodeLocation?
    /// The failure message, then the first lines of its details and a note of how many were left out.
    let lines: [String]

    init?(_ testCase: TestCase, detailLines: Int) {
        guard let failure = testCase.outcome.failure else { return nil }
        label = testCase.outcome.isError ? "ERROR" : "FAILED"
        title = testCase.qualifiedName
        location = testCase.codeLocation
        let message = failure.message.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        lines =
            (failure.message.isEmpty ? [] : message.map(String.init))
            + TextExcerpt(failure.details, maxLines: detailLines).displayLines
    }

    /// The summaries of the failed and errored cases of `report`, in report order.
    static func all(in report: TestReport, detailLines: Int) -> [FailureSummary] {
        report.failedCases.compactMap { FailureSummary($0, detailLines: detailLines) }
    }
}
