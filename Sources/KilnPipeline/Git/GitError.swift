/// Why git could not answer.
public enum GitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// git could not be started at all (not installed, not on `PATH`).
    case cannotRun(reason: String)
    /// git ran and failed; `message` is what it wrote to standard error.
    case failed(arguments: [String], status: String, message: String)

    public var description: String {
        switch self {
        case .cannotRun(let reason):
            "cannot run git: \(reason); install git or put it on PATH"
        case .failed(let arguments, let status, let message):
            "`git \(arguments.joined(separator: " "))` failed (\(status)): \(message)"
        }
    }
}
