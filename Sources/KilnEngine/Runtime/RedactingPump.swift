import Foundation

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Copies a program's output from a pipe into its log with the engine's secrets redacted, so a
/// secret's value never reaches the disk, not even while the run is going or when the engine
/// dies mid-run, as on Databricks, which redacts what a notebook prints.
///
/// Output is redacted a line at a time, since a secret printed by a program arrives whole within
/// its line; a line that grows past 1 MB without ending is written as it is, so nothing waits
/// for a newline that may never come. A thread of its own reads the pipe (a blocking read), so no
/// thread of the cooperative pool is held.
struct RedactingPump: Sendable {
    let redaction: SecretRedaction
    let log: URL

    private static let longestLine = 1 << 20

    /// Reads `source` until every writer has closed it, appending to the log; returns then.
    func drain(_ source: FileDescriptor) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                copy(from: source)
                continuation.resume()
            }.start()
        }
    }

    private func copy(from source: FileDescriptor) {
        defer { try? source.close() }
        guard
            let destination = try? FileDescriptor.open(
                FilePath(log.path), .writeOnly, options: [.create, .append], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        else { return }
        defer { try? destination.close() }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = (try? buffer.withUnsafeMutableBytes { try source.read(into: $0) }) ?? 0
            if count <= 0 { break }
            pending.append(contentsOf: buffer[0..<count])
            if let newline = pending.lastIndex(of: UInt8(ascii: "\n")) {
                write(pending[...newline], to: destination)
                pending.removeSubrange(...newline)
            } else if pending.count > Self.longestLine {
                write(pending[...], to: destination)
                pending.removeAll(keepingCapacity: true)
            }
        }
        write(pending[...], to: destination)
    }

    private func write(_ bytes: ArraySlice<UInt8>, to destination: FileDescriptor) {
        guard !bytes.isEmpty else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let redacted = redaction.redact(text)
        // Bytes with no secret in them go out as they came (invalid UTF-8 included).
        let output = redacted == text ? Array(bytes) : Array(redacted.utf8)
        _ = try? output.withUnsafeBytes { try destination.writeAll($0) }
    }
}
