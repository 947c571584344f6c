import Foundation
import KilnServer

/// The `kiln` executable this package built.
enum KilnBinary {
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["KILN_BINARY"] { return URL(fileURLWithPath: path) }
        return Examples.root.deletingLastPathComponent().appendingPathComponent(".build/debug/kiln")
    }
}

/// A real `kiln serve` process on an ephemeral loopback port.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let token: String
    private(set) var url = ""
    private let output = Pipe()
    /// The server's log (its stderr), swept for secrets when it stops, then removed.
    private let log = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-serve-\(UUID().uuidString).log")

    /// Starts the server on `state` and returns once it listens: on `port` (0 for a free one) and
    /// with `token`, so that a restarted server is the same workspace to its clients.
    init(state: URL, arguments: [String] = [], port: Int = 0, token: String = ServerConfiguration.generateToken()) async throws {
        self.token = token
        process.executableURL = KilnBinary.url
        process.arguments = ["serve", "--state", state.path, "--port", "\(port)"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KILN_SERVE_TOKEN"] = token
        process.environment = environment
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }
        process.standardError = logHandle
        try process.run()
        let handle = output.fileHandleForReading
        let line = await withCheckedContinuation { continuation in
            Thread {
                var text = ""
                while !text.contains("\n"), let byte = try? handle.read(upToCount: 1), !byte.isEmpty {
                    text += String(decoding: byte, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }.start()
        }
        guard let range = line.range(of: "http://") else { throw ServeFailed(output: line) }
        url = String(line[range.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The port it listens on.
    var port: Int { Int(url.split(separator: ":").last ?? "") ?? 0 }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) async -> Int32 {
        kill(process.processIdentifier, signal)
        await withCheckedContinuation { continuation in
            Thread {
                self.process.waitUntilExit()
                continuation.resume()
            }.start()
        }
        if let text = try? Data(contentsOf: log) { SecretSweep.search(String(decoding: text, as: UTF8.self), from: "kiln serve's log") }
        try? FileManager.default.removeItem(at: log)
        return process.terminationStatus
    }

    struct ServeFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "kiln serve did not start: \(output)" }
    }
}
