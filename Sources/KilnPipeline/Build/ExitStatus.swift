/// Kiln's exit codes: part of its interface (`kiln --help` and the README list them).
public enum ExitStatus: Int32, Sendable, Comparable {
    case passed = 0
    case testsFailed = 1
    case runFailed = 2
    case badConfiguration = 3
    case workspaceFailed = 4

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ExitStatus {
    /// The exit status of a build that ended with `error`: bad configuration or usage (3), the run
    /// interrupted (2), else the workspace or the network (4).
    public init(for error: any Error) {
        switch error {
        case is ConfigError, is TemplateError, is BuildContextError, is GlobError, is StoragePathError,
            is UnsafeDeleteError, is StageError, is ChangeDetectionError, is ResultsError,
            is InitError, is InitWriteRefused, is HistoryError:
            self = .badConfiguration
        case is RunInterrupted, is CancellationError:
            self = .runFailed
        default:
            self = .workspaceFailed
        }
    }
}
