import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs a program in a process group of its own, its stdout and stderr appended to a log file,
/// and makes sure that no process of the group outlives it: when the program ends, and when the
/// calling task is cancelled, every process left in the group is killed and reaped before this returns.
struct ProcessGroupRunner: Sendable {
    var executable: String
    var arguments: [String]
    /// Changes to this process's environment: a nil value removes the variable.
    var environment: [String: String?]
    var workingDirectory: URL
    var logFile: URL
    /// Where the process group id is recorded while the program runs (see ``ProcessGroupRecord``).
    var recordFolder: URL
    /// Secrets to keep out of the log: the output then reaches it through a ``RedactingPump``.
    var redaction: SecretRedaction?

    enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    func run() async throws -> Ending {
        let (log, errorLog, pump) = try outputs()
        var options = PlatformOptions()
        options.processGroupID = 0
        let group = ProcessGroup()
        // updateValue keeps a nil (a removal); assigning nil through the subscript would drop the entry.
        let environment = Environment.inherit.updating(
            environment.reduce(into: [:]) { $0.updateValue($1.value, forKey: .init(rawValue: $1.key)!) })
        let result = try await withTaskCancellationHandler {
            try await Subprocess.run(
                executable.contains("/") ? .path(FilePath(executable)) : .name(executable), arguments: Arguments(arguments),
                environment: environment,
                workingDirectory: FilePath(workingDirectory.path), platformOptions: options, input: .none,
                output: .fileDescriptor(log, closeAfterSpawningProcess: true),
                error: .fileDescriptor(errorLog, closeAfterSpawningProcess: true)
            ) { execution in
                group.started(execution.processIdentifier.value, recordIn: recordFolder)
            }
        } onCancel: {
            group.kill()
        }
        group.kill()
        await group.waitUntilEmpty()
        if let pump { await Self.drain(pump) }
        ProcessGroupRecord.clear(in: recordFolder)
        switch result.terminationStatus {
        case .exited(let code): return .exited(code)
        case .signaled(let signal): return .signalled(signal)
        }
    }
}

extension ProcessGroupRunner {
    /// Waits for the log to have the program's last output: at most 2 s once its process group
    /// is gone, since a process that left the group (`setsid`) may hold the pipe open for ever;
    /// the pump then goes on redacting what that process writes.
    fileprivate static func drain(_ pump: Task<Void, Never>) async {
        // Not a task group: a group waits for all its children, and the pump's may never end.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = FirstCall { continuation.resume() }
            Task {
                await pump.value
                once.call()
            }
            Task {
                try? await Task.sleep(for: .seconds(2))
                once.call()
            }
        }
    }

    /// Where the program's stdout and stderr go: the log file, or with secrets to redact, a pipe
    /// whose reader (the task returned) writes the log and ends when the program's processes have.
    fileprivate func outputs() throws -> (FileDescriptor, FileDescriptor, Task<Void, Never>?) {
        guard let redaction, !redaction.values.isEmpty else {
            let log = try FileDescriptor.open(
                FilePath(logFile.path), .writeOnly, options: [.create, .append], permissions: [.ownerReadWrite, .groupRead, .otherRead])
            return (log, try FileDescriptor.open(FilePath(logFile.path), .writeOnly, options: [.append]), nil)
        }
        // No other program inherits a write end (Subprocess closes every descriptor above stderr
        // in the programs it starts), so the pipe ends when this program's processes have.
        let pipe = try FileDescriptor.pipe()
        let pump = RedactingPump(redaction: redaction, log: logFile)
        let readEnd = pipe.readEnd
        return (pipe.writeEnd, try pipe.writeEnd.duplicate(), Task { await pump.drain(readEnd) })
    }
}

/// Runs an action on the first call only, from any thread.
private final class FirstCall: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (() -> Void)?

    init(_ action: @escaping () -> Void) {
        self.action = action
    }

    func call() {
        let action = lock.withLock {
            defer { self.action = nil }
            return self.action
        }
        action?()
    }
}

/// The process group of a running program, reachable from a cancellation handler.
final class ProcessGroup: @unchecked Sendable {
    private let lock = NSLock()
    private var id: pid_t?
    private var killed = false

    func started(_ pid: pid_t, recordIn folder: URL) {
        ProcessGroupRecord.write(pid, in: folder)
        let alreadyKilled = lock.withLock {
            id = pid
            return killed
        }
        if alreadyKilled { Foundation.kill(-pid, SIGKILL) }
    }

    /// Kills every process of the group; safe to call before the program has started.
    func kill() {
        let target = lock.withLock {
            killed = true
            return id
        }
        if let target { Foundation.kill(-target, SIGKILL) }
    }

    /// Returns once no live process is left in the group (zombies are reaped by their parents).
    func waitUntilEmpty() async {
        guard let target = lock.withLock({ id }) else { return }
        for _ in 0..<500 where Self.hasLiveMember(target) {
            Foundation.kill(-target, SIGKILL)
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Whether a process that is not a zombie belongs to process group `group` (read from /proc).
    static func hasLiveMember(_ group: pid_t) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
            return Foundation.kill(-group, 0) == 0
        }
        return entries.contains { entry in
            guard Int32(entry) != nil, let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // After "pid (comm) ": state, ppid, pgrp.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && fields[0] != "X" && pid_t(fields[2]) == group
        }
    }
}
