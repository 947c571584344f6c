import Foundation
import KilnAPI
import NIOConcurrencyHelpers

/// Writes a record of every request `kiln serve` receives to a JSON Lines file, one
/// `RecordedRequest` a line, flushed as it happens, so that whoever debugs a client can follow
/// its calls live and compare them with another client's. Thread-safe: lines never interleave.
public final class RequestRecorder: Sendable {
    public let file: URL
    private let handle: NIOLockedValueBox<FileHandle>

    /// Records into `file`, created when missing and appended to otherwise, so that a restarted
    /// server keeps what came before.
    public init(file: URL) throws {
        if !FileManager.default.fileExists(atPath: file.path) {
            guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
            }
        }
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        self.file = file
        self.handle = NIOLockedValueBox(handle)
    }

    func record(_ request: RecordedRequest) throws {
        var line = try WireCoding.encode(request)
        line.append(UInt8(ascii: "\n"))
        try handle.withLockedValue { try $0.write(contentsOf: line) }
    }

    /// The requests recorded in `file` so far, oldest first.
    public static func records(in file: URL) throws -> [RecordedRequest] {
        try Data(contentsOf: file).split(separator: UInt8(ascii: "\n")).map { try WireCoding.decode(RecordedRequest.self, from: Data($0)) }
    }
}
