/// Kiln's exit codes: part of its interface (`kiln --help` and the README list them).
public enum ExitStatus: Int32, Sendable, Comparable {
    case passed = 0
    case testsFailed = 1
    case runFailed = 2
    case badConfiguration = 3
    case workspaceFailed = 4

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}
