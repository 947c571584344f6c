import Foundation
import Hummingbird
import KilnAPI
import KilnEngine

/// The Files API: raw bodies for files in Unity Catalog volumes, and their directories.
extension Router where Context == ServerContext {
    func addFilesRoutes(_ files: any FilesService, engine: Engine) {
        put("/api/2.0/fs/files/**") { request, context in
            let path = try Self.catchAllPath(context)
            let overwrite = try RequestParameters(request).bool("overwrite") ?? true
            try await engine.receiveVolumeFile(path, overwrite: overwrite) { scratch in
                try await request.body.write(to: scratch, limit: ServerLimits.maxFileBytes, what: "an upload to the Files API")
            }
            return Response(status: .noContent)
        }
        get("/api/2.0/fs/files/**") { request, context in
            let path = try Self.catchAllPath(context)
            let metadata = try await files.metadata(path)
            return try Self.fileResponse(try engine.localFile(forVolumePath: path), metadata: metadata, range: request.headers[.range])
        }
        head("/api/2.0/fs/files/**") { _, context in
            let metadata = try await files.metadata(try Self.catchAllPath(context))
            return Response(status: .ok, headers: Self.headers(metadata, length: metadata.contentLength))
        }
        delete("/api/2.0/fs/files/**") { _, context in
            try await files.delete(try Self.catchAllPath(context))
            return Response(status: .noContent)
        }
        put("/api/2.0/fs/directories/**") { _, context in
            try await files.createDirectory(try Self.catchAllPath(context))
            return Response(status: .noContent)
        }
        head("/api/2.0/fs/directories/**") { _, context in
            try await files.directoryMetadata(try Self.catchAllPath(context))
            return Response(status: .ok)
        }
        get("/api/2.0/fs/directories/**") { request, context in
            let parameters = RequestParameters(request)
            return try Response.json(
                try await files.listDirectory(
                    try Self.catchAllPath(context), pageSize: try parameters.int("page_size"), pageToken: parameters.string("page_token")))
        }
        delete("/api/2.0/fs/directories/**") { _, context in
            try await files.deleteDirectory(try Self.catchAllPath(context))
            return Response(status: .noContent)
        }
    }

    /// The path after `/api/2.0/fs/files`, its segments URL-decoded.
    private static func catchAllPath(_ context: Context) throws -> String {
        let segments = try context.parameters.getCatchAll().map { segment in
            guard let decoded = String(segment).removingPercentEncoding else {
                throw DatabricksError.invalidParameter("The path segment '\(segment)' is not correctly URL-encoded.")
            }
            return decoded
        }
        return "/" + segments.joined(separator: "/")
    }

    /// The file's bytes, or the one range a `Range: bytes=a-b` header asks for.
    private static func fileResponse(_ file: URL, metadata: FileMetadata, range: String?) throws -> Response {
        let requested = range.flatMap { ByteRange(header: $0, length: metadata.contentLength) }
        let start = requested?.start ?? 0
        let end = requested?.end ?? metadata.contentLength - 1
        let status: HTTPResponse.Status = requested == nil ? .ok : .partialContent
        let length = max(0, end - start + 1)
        var headers = Self.headers(metadata, length: length)
        if status == .partialContent { headers[.contentRange] = "bytes \(start)-\(end)/\(metadata.contentLength)" }
        let body = ResponseBody(contentLength: Int(length)) { writer in
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(start))
            var remaining = length
            while remaining > 0, let chunk = try handle.read(upToCount: Int(min(remaining, 256 * 1024))), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
                remaining -= Int64(chunk.count)
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    private static func headers(_ metadata: FileMetadata, length: Int64) -> HTTPFields {
        [
            .contentType: metadata.contentType, .contentLength: String(length),
            .lastModified: HTTPDate.format(metadata.lastModified),
        ]
    }
}

/// One `bytes=a-b`, `bytes=a-` or `bytes=-n` range of a file of `length` bytes.
struct ByteRange {
    var start: Int64
    var end: Int64

    init?(header: String, length: Int64) {
        guard header.hasPrefix("bytes="), !header.contains(","), length > 0 else { return nil }
        let parts = header.dropFirst("bytes=".count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty, let suffix = Int64(parts[1]) {
            start = max(0, length - suffix)
            end = length - 1
        } else if let first = Int64(parts[0]) {
            start = first
            end = parts[1].isEmpty ? length - 1 : min(length - 1, Int64(parts[1]) ?? length - 1)
        } else {
            return nil
        }
        guard start <= end, start < length else { return nil }
    }
}

/// Dates as HTTP headers write them (RFC 7231): `Mon, 30 Nov 2026 03:16:17 GMT`.
enum HTTPDate {
    static func format(_ millis: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
