import ArgumentParser
import Foundation
import KilnAPI
import KilnClient
import KilnEngine
import KilnPipeline
import Logging

extension ExitStatus {
    /// The exit status for an error that ended a command, engine errors included.
    static func forCommand(_ error: any Error) -> ExitStatus {
        switch error {
        case is EngineError, is DatabricksError: .workspaceFailed
        case is LocalNotebookError, is NotebookError, is ValidationError, is ClientConfigurationError: .badConfiguration
        default: ExitStatus(for: error)
        }
    }
}

/// A command's shared frame: it runs `execute` — cancelled on SIGINT or SIGTERM, so that a run
/// on the workspace is cancelled and the build cleaned up — prints any error once, plainly, to
/// stderr, and exits with the code the outcome or the error calls for.
protocol KilnCommand: AsyncParsableCommand, Sendable {
    func execute() async throws -> ExitStatus
    /// Whether SIGINT and SIGTERM cancel `execute` (`kiln serve` stops on its own terms).
    var cancelsOnInterrupt: Bool { get }
}

extension KilnCommand {
    var cancelsOnInterrupt: Bool { true }

    func run() async throws {
        // Diagnostics (and --verbose's calls) go to stderr, so stdout stays the command's output.
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let outcome: ExitStatus
        do {
            outcome = cancelsOnInterrupt ? try await Interruption.cancelling { try await execute() } : try await execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.error("kiln: \(error)")
            outcome = ExitStatus.forCommand(error)
        }
        if outcome != .passed { throw ExitCode(outcome.rawValue) }
    }
}

/// Turns SIGINT and SIGTERM into the cancellation of a task.
enum Interruption {
    static func cancelling<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler {
                Console.error("kiln: interrupted; stopping the run and cleaning up")
                task.cancel()
            }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }
        return try await task.value
    }
}
