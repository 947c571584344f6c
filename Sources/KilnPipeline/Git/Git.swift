import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs git in one folder with a given environment, which is the only environment it sees: the
/// caller decides (and tests control) what git reads, such as `HOME` and its configuration.
struct Git: Sendable {
    var directory: URL
    var environment: [String: String]

    /// What a git command said, whether it succeeded or not.
    struct Outcome: Sendable {
        var succeeded: Bool
        var status: String
        var output: String
        var error: String
    }

    /// Runs git and returns its output; a non-zero exit is an error.
    @discardableResult
    func run(_ arguments: [String]) async throws(GitError) -> String {
        let outcome = try await outcome(arguments)
        guard outcome.succeeded else {
            throw .failed(arguments: arguments, status: outcome.status, message: outcome.error.trimmed)
        }
        return outcome.output
    }

    /// The output's first line for a question whose "no" is a failure (`git remote get-url origin` with no
    /// origin, `git symbolic-ref HEAD` when detached); nil when git fails or says nothing.
    func answer(_ arguments: String...) async -> String? {
        guard let outcome = try? await outcome(arguments), outcome.succeeded else { return nil }
        let line = outcome.output.trimmed
        return line.isEmpty ? nil : line
    }

    /// Runs git; only a git that cannot be started is an error.
    func outcome(_ arguments: [String]) async throws(GitError) -> Outcome {
        let keys = environment.compactMap { name, value in Environment.Key(rawValue: name).map { ($0, value) } }
        do {
            let result = try await Subprocess.run(
                .name("git"), arguments: Arguments(arguments),
                environment: .custom(Dictionary(keys, uniquingKeysWith: { first, _ in first })),
                workingDirectory: FilePath(directory.path),
                output: .string(limit: 64 << 20), error: .string(limit: 1 << 16))
            return Outcome(
                succeeded: result.terminationStatus.isSuccess, status: "\(result.terminationStatus)",
                output: result.standardOutput, error: result.standardError)
        } catch {
            throw .cannotRun(reason: "\(error)")
        }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
