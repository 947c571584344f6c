import ArgumentParser
import KilnAPI
import KilnEngine

/// Kiln's exit codes: part of its interface, listed in `kiln --help` and the README.
enum KilnExit: Int32 {
    case passed = 0
    case testsFailed = 1
    case runFailed = 2
    case badConfiguration = 3
    case workspaceFailed = 4

    /// The exit code for an error that ended a command.
    static func forError(_ error: any Error) -> KilnExit {
        switch error {
        case is DatabricksError: .workspaceFailed
        case is EngineError: .workspaceFailed
        default: .badConfiguration
        }
    }
}

/// A command's shared frame: it runs `execute`, prints any error once, plainly, to stderr, and
/// exits with the code the outcome or the error calls for.
protocol KilnCommand: AsyncParsableCommand {
    func execute() async throws -> KilnExit
}

extension KilnCommand {
    func run() async throws {
        let outcome: KilnExit
        do {
            outcome = try await execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.error("kiln: \(error)")
            outcome = KilnExit.forError(error)
        }
        if outcome != .passed { throw ExitCode(outcome.rawValue) }
    }
}
