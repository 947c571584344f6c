/// Makes text that is not a command safe to print where a CI reads commands from the log: a test
/// name or message that Kiln prints (on the console, in JSON) must never act as one.
///
/// GitHub Actions takes a line whose first non-blank characters are `::` as a workflow command;
/// Azure DevOps' agent takes `##vso[` (a logging command) and `##[` (a formatting command). A
/// zero-width space after the first `:` or inside `##vso[` breaks the pattern and leaves the text
/// readable. Kiln's own commands are printed apart, never through this.
public enum WorkflowCommandGuard {
    public static func neutralized(_ text: String) -> String {
        guard text.contains("::") || text.contains("##") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = line.replacingOccurrences(of: "##vso[", with: "##vso\u{200B}[").replacingOccurrences(of: "##[", with: "##\u{200B}[")
            let blanks = line.prefix { $0 == " " || $0 == "\t" || $0 == "\r" }
            if line.dropFirst(blanks.count).hasPrefix("::") {
                line.insert("\u{200B}", at: line.index(line.startIndex, offsetBy: blanks.count + 1))
            }
            return line
        }.joined(separator: "\n")
    }
}
