import Foundation
import KilnAPI

/// Bytes a form is read from: a body in memory, or one kept in a file as it arrived.
protocol FormBytes {
    var byteCount: Int64 { get }
    func bytes(_ range: Range<Int64>) throws -> Data
}

extension Data: FormBytes {
    var byteCount: Int64 { Int64(count) }

    func bytes(_ range: Range<Int64>) -> Data {
        Data(self[(startIndex + Int(range.lowerBound))..<(startIndex + Int(range.upperBound))])
    }
}

/// A body kept in a file: read a range at a time, never whole.
final class FileFormBytes: FormBytes {
    private let handle: FileHandle
    let byteCount: Int64

    init(_ file: URL) throws {
        handle = try FileHandle(forReadingFrom: file)
        byteCount = Int64(try handle.seekToEnd())
    }

    deinit { try? handle.close() }

    func bytes(_ range: Range<Int64>) throws -> Data {
        try handle.seek(toOffset: UInt64(range.lowerBound))
        return try handle.read(upToCount: Int(range.count)) ?? Data()
    }
}

/// A `multipart/form-data` body, as the Python SDK sends a workspace upload and the DBFS API
/// accepts a put: where each part's bytes are, by field name. The body is scanned a block at a
/// time, so a form of 2 GB in a file costs a block of memory.
struct MultipartForm<Source: FormBytes> {
    let source: Source
    /// Each part's bytes in the body.
    let parts: [String: Range<Int64>]

    /// How much of the body is looked at at once.
    static var blockBytes: Int64 { 1 << 20 }
    /// The most bytes of headers a part may have.
    static var maximumHeaderBytes: Int64 { 16 << 10 }

    /// The form in `body`, whose boundary the `Content-Type` header names; nil for other bodies.
    init?(contentType: String?, body: Source) throws {
        guard let contentType, isMultipart(contentType) else { return nil }
        guard
            let boundaryValue = contentType.components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count)
        else {
            throw DatabricksError(.malformedRequest, "The multipart/form-data request names no boundary.")
        }
        let delimiter = Data(("--" + boundaryValue.trimmingCharacters(in: CharacterSet(charactersIn: "\""))).utf8)
        source = body
        let delimiters = try Self.offsets(of: delimiter, in: body)
        var parts: [String: Range<Int64>] = [:]
        var closed = false
        for (start, next) in zip(delimiters, delimiters.dropFirst()) {
            var partStart = start + Int64(delimiter.count)
            let lead = try body.bytes(partStart..<min(next, partStart + 2))
            if lead == Data("--".utf8) { break }
            if lead == Data("\r\n".utf8) { partStart += 2 }
            let head = try body.bytes(partStart..<min(next, partStart + Self.maximumHeaderBytes))
            guard let headEnd = head.range(of: Data("\r\n\r\n".utf8)) else {
                throw DatabricksError(.malformedRequest, "The multipart/form-data body is truncated.")
            }
            var contentEnd = next
            if contentEnd - 2 >= partStart, try body.bytes((contentEnd - 2)..<contentEnd) == Data("\r\n".utf8) { contentEnd -= 2 }
            let contentStart = partStart + Int64(headEnd.upperBound - head.startIndex)
            if let name = Self.fieldName(in: String(decoding: head[..<headEnd.lowerBound], as: UTF8.self)), contentStart <= contentEnd {
                parts[name] = contentStart..<contentEnd
            }
        }
        // The last delimiter must close the form (`--boundary--`): without it the last part,
        // which every client sends the file in, may have been cut short.
        if let last = delimiters.last, delimiters.count >= 2 {
            let end = last + Int64(delimiter.count)
            closed = try body.bytes(end..<min(body.byteCount, end + 2)) == Data("--".utf8)
        }
        guard closed else { throw DatabricksError(.malformedRequest, "The multipart/form-data body is truncated.") }
        self.parts = parts
    }

    /// The bytes of part `name`, read whole.
    func data(_ name: String) throws -> Data? {
        try parts[name].map { try source.bytes($0) }
    }

    /// The longest text field read (a path, a flag): a form's file may be gigabytes, its fields not.
    static var maximumFieldBytes: Int64 { 64 << 10 }

    /// Text field `name`, refused past `maximumFieldBytes`.
    func string(_ name: String) throws -> String? {
        guard let range = parts[name] else { return nil }
        guard range.count <= Self.maximumFieldBytes else {
            throw DatabricksError.invalidParameter("The form field \(name) is over \(Self.maximumFieldBytes >> 10) KB.")
        }
        return String(decoding: try source.bytes(range), as: UTF8.self)
    }

    /// Where `delimiter` starts in `body`, in order; read a block at a time, each block overlapping
    /// the last by less than the delimiter, so that none is missed or found twice.
    private static func offsets(of delimiter: Data, in body: Source) throws -> [Int64] {
        var offsets: [Int64] = []
        var searched: Int64 = 0
        while searched < body.byteCount {
            let blockStart = max(0, searched - Int64(delimiter.count - 1))
            let block = try body.bytes(blockStart..<min(body.byteCount, searched + blockBytes))
            guard !block.isEmpty else { break }
            var from = block.startIndex
            while let found = block.range(of: delimiter, in: from..<block.endIndex) {
                let offset = blockStart + Int64(found.lowerBound - block.startIndex)
                if offsets.last.map({ offset >= $0 + Int64(delimiter.count) }) ?? true { offsets.append(offset) }
                from = found.upperBound
            }
            searched = blockStart + Int64(block.count)
        }
        return offsets
    }

    private static func fieldName(in headers: String) -> String? {
        for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition") {
            for parameter in line.components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
            where parameter.hasPrefix("name=") {
                return String(parameter.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}

/// Whether a `Content-Type` is a multipart form's.
func isMultipart(_ contentType: String?) -> Bool {
    contentType?.lowercased().hasPrefix("multipart/form-data") ?? false
}
