import Foundation
import Hummingbird
import KilnAPI
import NIOCore

/// The fields of a request: the query string, and for GET requests also a JSON body, because the
/// Databricks documentation's curl examples send GET parameters that way.
struct RequestParameters: Sendable {
    private var values: [String: String]

    init(_ request: Request, jsonBody: [String: JSONValue]? = nil) {
        var values: [String: String] = [:]
        for (key, value) in jsonBody ?? [:] {
            switch value {
            case .string(let text): values[key] = text
            case .integer(let number): values[key] = String(number)
            case .number(let number): values[key] = number == number.rounded() ? String(Int64(number)) : String(number)
            case .bool(let flag): values[key] = String(flag)
            default: break
            }
        }
        for (key, value) in request.uri.queryParameters {
            values[String(key)] = String(value)
        }
        self.values = values
    }

    func string(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws -> String {
        guard let value = values[name], !value.isEmpty else {
            throw DatabricksError.invalidParameter("Missing required field: \(name)")
        }
        return value
    }

    func int64(_ name: String) throws -> Int64? {
        guard let text = values[name] else { return nil }
        guard let value = Int64(text) else {
            throw DatabricksError.invalidParameter("\(name) must be an integer, not '\(text)'.")
        }
        return value
    }

    func requiredInt64(_ name: String) throws -> Int64 {
        guard let value = try int64(name) else { throw DatabricksError.invalidParameter("Missing required field: \(name)") }
        return value
    }

    func int(_ name: String) throws -> Int? { try int64(name).map { Int(clamping: $0) } }

    /// `true`/`false` as the SDKs send them; `1`/`0` too.
    func bool(_ name: String) throws -> Bool? {
        guard let text = values[name]?.lowercased() else { return nil }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw DatabricksError.invalidParameter("\(name) must be true or false, not '\(text)'.")
        }
    }
}

extension Request {
    /// The whole body, at most `limit` bytes.
    func bodyData(limit: Int = ServerLimits.maxJSONBytes) async throws -> Data {
        do {
            var buffer = try await body.collect(upTo: limit)
            return buffer.readData(length: buffer.readableBytes) ?? Data()
        } catch is NIOTooManyBytesError {
            throw DatabricksError(.requestTooLarge, "The request body is over the \(limit / (1024 * 1024)) MB limit of this endpoint.")
        }
    }

    /// The JSON body decoded as `T`; an empty body is `{}`.
    func json<T: Decodable>(_ type: T.Type) async throws -> T {
        try WireBody.decode(type, from: try await bodyData())
    }

    /// The parameters of a GET: the query string merged over any JSON body.
    func parameters() async throws -> RequestParameters {
        let data = try await bodyData()
        guard !data.isEmpty else { return RequestParameters(self) }
        guard let object = try? WireCoding.decode([String: JSONValue].self, from: data) else {
            throw DatabricksError(.malformedRequest, "Invalid JSON given in the body of the request.")
        }
        return RequestParameters(self, jsonBody: object)
    }
}

/// Decoding a JSON request body as Databricks reads it.
enum WireBody {
    /// Decodes `data` (empty meaning `{}`). Ids may come as strings, as in proto3's JSON mapping,
    /// which Databricks follows and the legacy CLI relies on (`--job-id 1` is sent as `"1"`).
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let data = data.isEmpty ? Data("{}".utf8) : data
        do {
            do {
                return try WireCoding.decode(type, from: data)
            } catch DecodingError.typeMismatch {
                guard case .object(var object) = try WireCoding.decode(JSONValue.self, from: data) else {
                    throw DecodingError.typeMismatch(T.self, .init(codingPath: [], debugDescription: "not an object"))
                }
                for (key, value) in object where key.hasSuffix("_id") || key == "handle" {
                    if case .string(let text) = value, let number = Int64(text) { object[key] = .integer(number) }
                }
                return try WireCoding.decode(type, from: try WireCoding.encode(object))
            }
        } catch let error as DecodingError {
            throw DatabricksError(.malformedRequest, "Invalid JSON given in the body of the request: \(DecodingErrorText(error))")
        }
    }
}

/// A decoding error as a client can act on it: the field path and what was wrong.
struct DecodingErrorText: CustomStringConvertible {
    let error: DecodingError
    init(_ error: DecodingError) { self.error = error }

    var description: String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the body" : "'\(keys.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing required field '\(key.stringValue)'" + (parent == "the body" ? "" : " in \(parent)")
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(type), not null"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)) is invalid"
        @unknown default: return "the body does not match the endpoint"
        }
    }
}

extension Response {
    /// A 200 answer with `value` as JSON.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try WireCoding.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{}`: what Databricks answers to a mutation.
    static func empty() throws -> Response { try json(Empty()) }
}

extension RequestBody {
    /// Writes the body to `file` as it arrives, refusing it with 413 once it passes `limit` bytes.
    func write(to file: URL, limit: Int64, what: String) async throws {
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw DatabricksError(.ioError, "Cannot create the scratch file of \(what).")
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var received: Int64 = 0
        for try await var buffer in self {
            received += Int64(buffer.readableBytes)
            guard received <= limit else {
                throw DatabricksError(.requestTooLarge, "The body of \(what) is over its limit of \(limit >> 20) MB.", status: 413)
            }
            if let data = buffer.readData(length: buffer.readableBytes) { try handle.write(contentsOf: data) }
        }
    }
}
