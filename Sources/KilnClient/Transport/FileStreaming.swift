import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFileSystem

/// Moves bodies between the network and local files a chunk at a time, on NIO's file I/O threads,
/// so that neither a gigabyte upload nor a download is ever held whole in memory.
enum FileStreaming {
    static let chunkLength = ByteCount.kibibytes(256)

    /// Runs `body` with `file` as a request body, alone or inside a multipart `form`, and the body's
    /// size; the file stays open until `body` returns.
    static func withRequestBody<Result>(
        from file: URL, framedBy form: MultipartFileForm?, _ body: (HTTPClientRequest.Body, Int64) async throws -> Result
    ) async throws -> Result {
        try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(file.path)) { handle in
            let size = try await handle.info().size
            let chunks = handle.readChunks(chunkLength: chunkLength)
            guard let form else { return try await body(.stream(chunks, length: .known(size)), size) }
            let total = Int64(form.head.readableBytes + form.tail.readableBytes) + size
            return try await body(.stream(FramedChunks(head: form.head, chunks: chunks, tail: form.tail), length: .known(total)), total)
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

/// The text around a file sent as one part of a `multipart/form-data` body: the other fields and
/// the file part's headers before it, the closing boundary after it.
struct MultipartFileForm: Sendable {
    let boundary = "kiln-" + UUID().uuidString
    let head: ByteBuffer
    let tail: ByteBuffer

    init(fields: [(name: String, value: String)], fileField: String, fileName: String) {
        var text = ""
        for field in fields {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\r\n\r\n\(field.value)\r\n"
        }
        // A file name goes in a header: quotes and line breaks in it could end the header early.
        let quotedName = fileName.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(quotedName)\"\r\n"
        text += "Content-Type: application/octet-stream\r\n\r\n"
        head = ByteBuffer(string: text)
        tail = ByteBuffer(string: "\r\n--\(boundary)--\r\n")
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}

/// A file's chunks with a fixed head before them and a tail after them.
struct FramedChunks<Chunks: AsyncSequence & Sendable>: AsyncSequence, Sendable where Chunks.Element == ByteBuffer {
    let head: ByteBuffer
    let chunks: Chunks
    let tail: ByteBuffer

    func makeAsyncIterator() -> Iterator { Iterator(head: head, chunks: chunks.makeAsyncIterator(), tail: tail) }

    struct Iterator: AsyncIteratorProtocol {
        var head: ByteBuffer?
        var chunks: Chunks.AsyncIterator
        var tail: ByteBuffer?

        var chunksEnded = false

        mutating func next() async throws -> ByteBuffer? {
            if let head {
                self.head = nil
                return head
            }
            if !chunksEnded {
                if let chunk = try await chunks.next() { return chunk }
                chunksEnded = true
            }
            defer { tail = nil }
            return tail
        }
    }
}
