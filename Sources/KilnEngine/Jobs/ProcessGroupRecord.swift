import Foundation

/// The process group of a task's process, written in the task's folder while it runs, so that an
/// engine that restarts after a crash can kill what the previous one left running.
enum ProcessGroupRecord {
    static func file(in folder: URL) -> URL { folder.appendingPathComponent("process-group") }

    static func write(_ group: pid_t, in folder: URL) {
        try? String(group).write(to: file(in: folder), atomically: true, encoding: .utf8)
    }

    static func clear(in folder: URL) {
        try? FileManager.default.removeItem(at: file(in: folder))
    }

    static func killRecorded(in folder: URL) {
        guard let text = try? String(contentsOf: file(in: folder), encoding: .utf8),
              let group = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), group > 1 else { return }
        kill(-group, SIGKILL)
        clear(in: folder)
    }
}
