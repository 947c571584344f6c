/// One line of `kiln doctor`: what was checked, what was found, and, when it failed, what to do
/// and which exit status it calls for.
public struct DoctorCheck: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var detail: String
    /// Nil when the check passed.
    public var failure: Failure?

    public struct Failure: Sendable, Hashable {
        public var fix: String
        /// `.badConfiguration` for what the user's settings must change, `.workspaceFailed` for the
        /// workspace or the network.
        public var status: ExitStatus
    }

    public static func passed(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(name: name, detail: detail, failure: nil)
    }

    public static func failed(_ name: String, _ detail: String, fix: String, status: ExitStatus) -> DoctorCheck {
        DoctorCheck(name: name, detail: detail, failure: Failure(fix: fix, status: status))
    }

    public var passed: Bool { failure == nil }

    public var description: String {
        guard let failure else { return "✓ \(name): \(detail)" }
        return "✗ \(name): \(detail)\n    fix: \(failure.fix)"
    }

    /// The exit status of a list of checks: 0 when all passed, else the first failure's.
    public static func exitStatus(of checks: [DoctorCheck]) -> ExitStatus {
        checks.lazy.compactMap(\.failure).first?.status ?? .passed
    }
}
