import Logging
import NIOConcurrencyHelpers

/// Collects what a logger says, for tests that check logs: a log handler of the test's own (the
/// process-wide `LoggingSystem` is never touched).
final class LogCapture: Sendable {
    private let entries = NIOLockedValueBox<[String]>([])

    /// Every line so far, as `level message [metadata]`.
    var lines: [String] { entries.withLockedValue { $0 } }

    /// A logger at `level` whose lines this capture keeps.
    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "kiln.test") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    /// The lines that contain `text`.
    func lines(containing text: String) -> [String] {
        lines.filter { $0.contains(text) }
    }

    private func append(_ line: String) {
        entries.withLockedValue { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let suffix = merged.isEmpty ? "" : " \(merged)"
            let error = event.error.map { " error=\($0)" } ?? ""
            capture.append("\(event.level) \(event.message)\(suffix)\(error)")
        }
    }
}
