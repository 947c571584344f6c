import Foundation

/// Runs one test of this test binary in a process of its own, for what must be measured or
/// captured per process: peak memory (no other test's allocations mixed in) and the process's
/// real stdout and stderr. The child test is enabled only in the child, by its role.
enum ChildTest {
    static let roleVariable = "KILN_CHILD_TEST"

    /// The role this process was started for, or nil in the ordinary test run.
    static var role: String? { ProcessInfo.processInfo.environment[roleVariable] }

    /// Runs the tests matching `filter` in a new process of this binary, with `role` and `environment`.
    static func run(_ filter: String, role: String, environment: [String: String] = [:]) async throws -> ProcessResult {
        var childEnvironment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        childEnvironment[roleVariable] = role
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return try await runProcess(binary, ["--testing-library", "swift-testing", "--filter", filter], environment: childEnvironment)
    }
}
