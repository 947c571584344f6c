/// Turns a report into text for one audience (a console, a CI's log or summary page).
///
/// Reporters return the text and never print, so the caller decides where it goes
/// (stdout, `$GITHUB_STEP_SUMMARY`, a file) and tests compare it exactly.
public protocol Reporter: Sendable {
    func render(_ report: TestReport) -> String
}
