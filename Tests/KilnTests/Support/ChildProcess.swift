import Foundation

/// What a finished child process left.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to its end on threads of its own (the cooperative pool is never blocked).
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil) async throws
    -> ProcessResult
{
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = directory }
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = FileHandle.nullDevice
    try process.run()
    async let out = readToEnd(stdout.fileHandleForReading)
    async let err = readToEnd(stderr.fileHandleForReading)
    let (outData, errData) = await (out, err)
    await withCheckedContinuation { continuation in
        Thread {
            process.waitUntilExit()
            continuation.resume()
        }.start()
    }
    let result = ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
    SecretSweep.search(
        result.stdout + result.stderr,
        from: ([executable.lastPathComponent] + arguments.prefix(1).filter { $0.allSatisfy(\.isLetter) }).joined(separator: " "))
    return result
}

func readToEnd(_ handle: FileHandle) async -> Data {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
    }
}

/// The peer tools `make test` installs into a virtual environment: the Databricks CLI and SDK.
enum PeerTools {
    static var venv: URL {
        if let path = ProcessInfo.processInfo.environment["KILN_VENV"] { return URL(fileURLWithPath: path) }
        return Examples.root.deletingLastPathComponent().appendingPathComponent(".venv")
    }

    static func tool(_ name: String) throws -> URL {
        let url = venv.appendingPathComponent("bin").appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw PeerToolMissing(path: url.path) }
        return url
    }

    struct PeerToolMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is missing: run `make test`, which installs the peer tools into .venv (or set KILN_VENV)." }
    }
}
