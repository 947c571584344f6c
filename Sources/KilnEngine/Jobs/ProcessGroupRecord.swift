import Foundation

/// The process group of a task's process, written in the task's folder while it runs, so that an
/// engine that restarts after a crash can kill what the previous one left running. The leader's
/// start time is recorded with it: after a reboot the id may belong to someone else's processes.
enum ProcessGroupRecord {
    static func file(in folder: URL) -> URL { folder.appendingPathComponent("process-group") }

    static func write(_ group: pid_t, in folder: URL) {
        guard let started = startTime(of: group) else { return }
        try? "\(group) \(started)".write(to: file(in: folder), atomically: true, encoding: .utf8)
    }

    static func clear(in folder: URL) {
        try? FileManager.default.removeItem(at: file(in: folder))
    }

    /// Kills the recorded group if its leader is still the process that was recorded.
    static func killRecorded(in folder: URL) {
        defer { clear(in: folder) }
        guard let fields = (try? String(contentsOf: file(in: folder), encoding: .utf8))?.split(separator: " "), fields.count == 2,
            let group = pid_t(fields[0]), group > 1,
            startTime(of: group) == String(fields[1]).trimmingCharacters(in: .whitespacesAndNewlines)
        else { return }
        kill(-group, SIGKILL)
    }

    /// The start time of a process (field 22 of /proc/<pid>/stat, in clock ticks since boot).
    private static func startTime(of process: pid_t) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }
}
