import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFileSystem

/// Moves bodies between the network and local files a chunk at a time, on NIO's file I/O threads,
/// so that neither a gigabyte upload nor a download is ever held whole in memory.
enum FileStreaming {
    static let chunkLength = ByteCount.kibibytes(256)

    /// Runs `body` with `file` as a request body and its size; the file stays open until `body` returns.
    static func withRequestBody<Result>(
        from file: URL, _ body: (HTTPClientRequest.Body, Int64) async throws -> Result
    ) async throws -> Result {
        try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(file.path)) { handle in
            let size = try await handle.info().size
            return try await body(.stream(handle.readChunks(chunkLength: chunkLength), length: .known(size)), size)
        }
    }

    /// Writes a response body to `file`; the file is replaced only once every byte has arrived,
    /// so a broken download never leaves half a file behind. Returns the number of bytes written.
    @discardableResult
    static func write(_ body: HTTPClientResponse.Body, to file: URL) async throws -> Int64 {
        try await FileSystem.shared.withFileHandle(forWritingAt: FilePath(file.path), options: .newFile(replaceExisting: true)) { handle in
            var offset: Int64 = 0
            for try await buffer in body {
                offset += try await handle.write(contentsOf: buffer, toAbsoluteOffset: offset)
            }
            return offset
        }
    }
}
