import Foundation

/// An exclusive lock on a state folder, held while an engine has it open: two engines on one
/// folder would each take the other's active runs for a dead engine's, end them INTERNAL_ERROR
/// and kill their processes. The kernel releases the lock when the process dies, so a crash
/// never leaves the folder locked.
final class StateLock: Sendable {
    private let descriptor: Int32

    init(folder: StateFolder) throws {
        let path = folder.root.appendingPathComponent("engine.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw EngineError.stateFolder(folder.root.path, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw EngineError.stateInUse(folder.root.path, holder: holder)
        }
        ftruncate(descriptor, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
