import Foundation

/// A value shared between tasks and guarded by a lock, for the few places that must reach it
/// synchronously (a cancellation handler, a property read). It is built on `NSLock`, a pthread
/// mutex, and not on `Synchronization.Mutex`: on Linux that Mutex is a futex ThreadSanitizer does not
/// see as a lock, so `make test-tsan` would report every access it serializes as a race.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value while holding the lock; what `body` changes is kept.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
