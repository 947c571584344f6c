import Foundation
import KilnAPI
import KilnPipeline
import Testing

@testable import KilnEngine

/// A 50 MB file staged through the client and back, on DBFS (1 MB blocks) and on a volume (the
/// Files API's streamed bodies), with the process's memory staying far below the file's size.
///
/// How it is measured: each store is transferred in a child process of this test binary, which
/// runs the server in-process too, so nothing else allocates there. The child resets its
/// resident high-water mark (`echo 5 > /proc/self/clear_refs`), notes its resident size, uploads
/// the file through `StorageTransfer` and the REST client, downloads it back, and reads the new
/// high-water mark (`VmHWM` in `/proc/self/status`): the growth is the most memory the
/// transfer (client and server together) held at any moment.
@Suite("Client: large transfers", .serialized, .timeLimit(.minutes(3)))
struct LargeTransferTests {
    static let fileBytes = 50 << 20
    /// Half the file: a transfer that held the file would grow by all of it (DBFS by more: base64).
    /// Streaming holds a few blocks at a time; the allocator keeps some freed buffers resident,
    /// more so on a loaded machine, so the bound leaves room for that.
    static let allowedGrowth = fileBytes / 2

    @Test(arguments: ["dbfs:/kiln/build/big", "/Volumes/main/default/kiln/build/big"])
    func fiftyMegabytesPassWithoutBeingHeldInMemory(_ root: String) async throws {
        let result = try await ChildTest.run("measuredInAChildProcess", role: "memory", environment: ["KILN_CHILD_ROOT": root])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let measured = result.stdout.split(separator: "\n").filter { $0.hasPrefix("[measured]") }
        #expect(measured.count == 2, "\(result.stdout)")
        for line in measured { print(line) }
    }

    @Test(.enabled(if: ChildTest.role == "memory"))
    func measuredInAChildProcess() async throws {
        let root = try StoragePath(try #require(ProcessInfo.processInfo.environment["KILN_CHILD_ROOT"]))
        let folder = TemporaryFolder("kiln-large")
        let original = folder.path("model.bin")
        try Self.writeLargeFile(original)
        try await ServerFixture.run { api in
            try await api.withClient { client in
                let storage = StorageTransfer(client.databricks)
                // Warm up: connections, buffers and caches that any transfer makes once.
                let small = folder.path("small.bin")
                try Data.sample(3 << 20).write(to: small)
                try await storage.upload(small, to: try root.appending("small.bin"))
                try await storage.download(try root.appending("small.bin"), to: folder.path("small-copy.bin"))

                let copy = folder.path("copy.bin")
                let destination = try root.appending("model.bin")
                let upload = try await Self.measure { try await storage.upload(original, to: destination) }
                let download = try await Self.measure { try await storage.download(destination, to: copy) }
                #expect(try Self.sameContents(original, copy))
                for (name, phase) in [("upload", upload), ("download", download)] {
                    #expect(phase.growth < Self.allowedGrowth, "\(name): peak resident memory grew by \(phase.growth) bytes")
                    print(
                        "[measured] \(root) \(name) of 50 MB in \(phase.elapsed): peak resident memory +\(phase.growth >> 10) KB "
                            + "(\(phase.growth * 100 / Self.fileBytes)% of the file) over \(phase.before >> 20) MB")
                }
            }
        }
    }

    /// How much the resident high-water mark grew while `body` ran, over the resident size before it.
    static func measure(_ body: () async throws -> Void) async throws -> (growth: Int, before: Int, elapsed: Duration) {
        try MemoryStatus.resetPeak()
        let before = try MemoryStatus.kilobytes("VmRSS") * 1024
        let started = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - started
        return (try MemoryStatus.kilobytes("VmHWM") * 1024 - before, before, elapsed)
    }

    /// Writes the file a megabyte at a time, each megabyte with a pattern of its own.
    static func writeLargeFile(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        for index in 0..<(fileBytes >> 20) {
            try handle.write(contentsOf: Data.sample(1 << 20, seed: UInt8(index)))
        }
    }

    /// Compares two files a megabyte at a time.
    static func sameContents(_ first: URL, _ second: URL) throws -> Bool {
        let a = try FileHandle(forReadingFrom: first)
        let b = try FileHandle(forReadingFrom: second)
        defer {
            try? a.close()
            try? b.close()
        }
        while true {
            let left = try a.read(upToCount: 1 << 20) ?? Data()
            let right = try b.read(upToCount: 1 << 20) ?? Data()
            guard left == right else { return false }
            if left.isEmpty { return true }
        }
    }
}

/// This process's memory as Linux reports it in `/proc/self/status`.
enum MemoryStatus {
    /// A field such as `VmRSS` or `VmHWM`, in kilobytes.
    static func kilobytes(_ field: String) throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
            let value = Int(line.split(whereSeparator: \.isWhitespace)[1])
        else { throw MemoryStatusMissing(field: field) }
        return value
    }

    /// Makes the high-water mark equal the current resident size.
    static func resetPeak() throws {
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    struct MemoryStatusMissing: Error { var field: String }
}
