import Foundation
import KilnPipeline
import KilnReports
import NIOConcurrencyHelpers

/// Renders a build's events: a live, redrawn status line on a terminal; plain timestamped lines
/// when not a terminal or in CI; one JSON object per line with `--json`.
final class BuildOutput: PipelineObserver, Sendable {
    enum Style: Sendable { case live, plain, json }

    let style: Style
    /// In a CI that reads commands from the log, text from tests is printed so it cannot act as one.
    let guardsCommands: Bool
    private let statusShown = NIOLockedValueBox(false)
    /// The run state last written as a line: lines and JSON tell changes, the live view every poll.
    private let lastRunState = NIOLockedValueBox<String?>(nil)

    init(style: Style, guardsCommands: Bool = false) {
        self.style = style
        self.guardsCommands = guardsCommands
    }

    /// Live on a terminal outside CI, else plain; JSON when asked.
    static func choose(json: Bool, environment: [String: String]) -> BuildOutput {
        let readsCommands = environment["TF_BUILD"] != nil || environment["GITHUB_ACTIONS"] != nil
        if json { return BuildOutput(style: .json, guardsCommands: readsCommands) }
        let inCI = environment["CI"] != nil || readsCommands
        return BuildOutput(style: isatty(STDOUT_FILENO) == 1 && !inCI ? .live : .plain, guardsCommands: readsCommands)
    }

    /// Prints a line of Kiln's output (not a CI command of its own).
    private func say(_ text: String) {
        Console.out(guardsCommands ? WorkflowCommandGuard.neutralized(text) : text)
    }

    func handle(_ event: PipelineEvent) {
        if case .ciCommand(let command) = event {
            // The CI's agent reads these lines from stdout as they are, also among JSON lines.
            Console.out(command)
            return
        }
        if case .runProgress(let state, let message, _) = event, style != .live {
            let changed = lastRunState.withLockedValue { last in
                defer { last = "\(state) \(message)" }
                return last != "\(state) \(message)"
            }
            guard changed else { return }
        }
        switch style {
        case .json: say(Self.json(event))
        case .plain: if let line = Self.line(event) { say("\(Self.timestamp()) \(line)") }
        case .live:
            if let status = Self.status(event) {
                Console.write(Data("\r\u{1B}[K\(status)".utf8))
                statusShown.withLockedValue { $0 = true }
            } else if let line = Self.line(event) {
                let clear = statusShown.withLockedValue { shown in
                    defer { shown = false }
                    return shown
                }
                say((clear ? "\r\u{1B}[K" : "") + line)
            }
        }
    }

    /// The one-line status a terminal redraws in place (progress), or nil for events that get a line.
    private static func status(_ event: PipelineEvent) -> String? {
        switch event {
        case .staging(let done, let total, let bytesDone, let bytesTotal):
            "staging \(done)/\(total) files, \(bytes(bytesDone)) of \(bytes(bytesTotal))"
        case .runProgress(let state, let message, let elapsed):
            "run \(state), \(seconds(elapsed))" + detail(message)
        default: nil
        }
    }

    /// A run's state message after its state, unless it only repeats it ("In run").
    private static func detail(_ message: String) -> String {
        message.isEmpty || message == "In run" ? "" : ": \(message)"
    }

    static func line(_ event: PipelineEvent) -> String? {
        switch event {
        case .decided(_, let reason): "changes: \(reason)"
        case .staging(let done, let total, _, _): done > 0 && done < total && done % 50 == 0 ? "staging: \(done)/\(total) files" : nil
        case .staged(let notebooks, let artifacts, let size, let workspaceDir, let storageDir):
            "staged: \(notebooks) notebooks into \(workspaceDir), \(artifacts) files (\(bytes(size))) to \(storageDir)"
        case .jobConfigured(let jobId, let name, let created): "job: \(created ? "created" : "reset") \(name) (job \(jobId))"
        case .runStarted(let runId, let url): "run: started run \(runId)" + (url.map { " — \($0)" } ?? "")
        case .runProgress(let state, let message, let elapsed):
            ["TERMINATED", "SKIPPED", "INTERNAL_ERROR"].contains(state)
                ? nil : "run: \(state) after \(seconds(elapsed))" + detail(message)
        case .runEnded(let result, let message, let elapsed):
            "run: \(result) after \(seconds(elapsed))" + (message.isEmpty ? "" : ": \(message)")
        case .resultsCollected(let files, let report, let output):
            "results: \(files.count) file(s) merged into \(output.relativePath)\n"
                + ConsoleReporter().render(report).trimmingCharacters(in: .newlines)
                + report.notes.map { "\nnote: \($0)" }.joined()
        case .cleaned(let paths):
            paths.isEmpty ? nil : "clean: deleted \(paths.joined(separator: ", ")) (its build.json and results.json stay for history)"
        case .kept(let paths, let reason): "clean: kept \(paths.joined(separator: ", ")) (\(reason))"
        case .retention(let deleted):
            deleted.isEmpty ? nil : "retention: deleted \(deleted.count) older build(s): \(deleted.joined(separator: ", "))"
        case .note(let text): text
        case .warning(let text): "warning: \(text)"
        case .ciCommand: nil
        }
    }

    private static func json(_ event: PipelineEvent) -> String {
        var object: [String: Any] = [:]
        switch event {
        case .decided(let needsBuild, let reason): object = ["event": "decided", "needs_build": needsBuild, "reason": reason]
        case .staging(let done, let total, let bytesDone, let bytesTotal):
            object = ["event": "staging", "done": done, "total": total, "bytes_done": bytesDone, "bytes_total": bytesTotal]
        case .staged(let notebooks, let artifacts, let size, let workspaceDir, let storageDir):
            object = [
                "event": "staged", "notebooks": notebooks, "artifacts": artifacts, "bytes": size,
                "workspace_dir": workspaceDir, "storage_dir": storageDir,
            ]
        case .jobConfigured(let jobId, let name, let created): object = ["event": "job", "job_id": jobId, "name": name, "created": created]
        case .runStarted(let runId, let url): object = ["event": "run_started", "run_id": runId, "run_page_url": url ?? NSNull()]
        case .runProgress(let state, let message, let elapsed):
            object = ["event": "run_progress", "state": state, "message": message, "elapsed_seconds": elapsed.components.seconds]
        case .runEnded(let result, let message, let elapsed):
            object = ["event": "run_ended", "result": result, "message": message, "elapsed_seconds": elapsed.components.seconds]
        case .resultsCollected(let files, let report, let output):
            let counts = report.counts
            object = [
                "event": "results", "files": files, "output": output.path, "tests": counts.tests, "passed": counts.passed,
                "failures": counts.failures, "errors": counts.errors, "skipped": counts.skipped, "time_seconds": report.time,
                "failed": report.suites.flatMap { suite in
                    suite.cases.filter(\.outcome.isFailure).map { testCase -> [String: Any] in
                        [
                            "suite": suite.name, "classname": testCase.classname, "name": testCase.name,
                            "kind": testCase.outcome.isError ? "error" : "failure", "message": testCase.outcome.failure?.message ?? "",
                            "file": testCase.codeLocation?.file ?? NSNull(), "line": testCase.codeLocation?.line ?? NSNull(),
                        ]
                    }
                },
                "notes": report.notes,
            ]
        case .cleaned(let paths): object = ["event": "cleaned", "paths": paths]
        case .kept(let paths, let reason): object = ["event": "kept", "paths": paths, "reason": reason]
        case .retention(let deleted): object = ["event": "retention", "deleted": deleted]
        case .note(let text): object = ["event": "note", "message": text]
        case .warning(let text): object = ["event": "warning", "message": text]
        case .ciCommand(let command):
            return command
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }

    static func bytes(_ count: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: count, countStyle: .file)
    }

    static func seconds(_ duration: Duration) -> String {
        let total = duration.components.seconds
        return total >= 60 ? "\(total / 60)m\(String(format: "%02d", total % 60))s" : "\(total)s"
    }
}
