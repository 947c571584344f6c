import Foundation
import Hummingbird
import KilnAPI

/// The parts of a request that a record keeps, and the rules that keep secrets out of it: which
/// headers are recorded with their value, which by name only, and which query values are masked.
enum RequestShape {
    /// Headers that tell which client sent a request and how; recorded with their value.
    static let recordedHeaders: Set<String> = [
        "accept", "user-agent", "x-databricks-org-id", "x-databricks-workspace-id", "x-databricks-azure-workspace-resource-id",
        "x-kiln-faults",
    ]

    /// Headers that carry credentials; recorded by name only.
    static let credentialHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "x-databricks-azure-sp-management-token",
    ]

    /// A query parameter whose name holds one of these has its value masked.
    static let secretNameParts = ["token", "secret", "password", "assertion", "signature", "credential"]

    /// The recorded headers with their values, and the names of the credential headers present.
    static func headers(_ fields: HTTPFields) -> (recorded: [String: String], credentials: [String]) {
        var recorded: [String: String] = [:]
        var credentials: Set<String> = []
        for field in fields {
            let name = field.name.canonicalName
            if recordedHeaders.contains(name) { recorded[name] = field.value }
            if credentialHeaders.contains(name) { credentials.insert(name) }
        }
        return (recorded, credentials.sorted())
    }

    static func maskedQuery(_ parameters: [(key: String, value: String)]) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in parameters {
            let name = key.lowercased()
            query[key] = secretNameParts.contains(where: name.contains) ? RecordedRequest.masked : value
        }
        return query
    }

    /// Whether a body of this content type is read to record its keys: JSON and forms, which are
    /// small; never a file upload, which is streamed.
    static func hasKeys(contentType: String) -> Bool {
        let type = contentType.lowercased()
        return type.contains("json") || type.hasPrefix("multipart/form-data") || type.hasPrefix("application/x-www-form-urlencoded")
    }

    /// The keys of a body, and the JSON type of each when the body is JSON.
    struct Body {
        var keys: [String]
        var types: [String: String]?
    }

    /// The shape of a JSON, multipart or URL-encoded body; nil when the body cannot be read as one.
    static func body(_ body: Data, contentType: String) -> Body? {
        let type = contentType.lowercased()
        if type.hasPrefix("multipart/form-data") {
            return (try? MultipartForm(contentType: contentType, body: body))?.map { Body(keys: $0.parts.keys.sorted()) }
        }
        if type.hasPrefix("application/x-www-form-urlencoded") {
            let pairs = String(decoding: body, as: UTF8.self).split(separator: "&")
            let names = pairs.map { pair in
                let name = String(pair.prefix { $0 != "=" }).replacingOccurrences(of: "+", with: " ")
                return name.removingPercentEncoding ?? name
            }
            return Body(keys: Set(names).sorted())
        }
        if body.isEmpty { return Body(keys: [], types: [:]) }
        guard let json = try? WireCoding.decode(JSONValue.self, from: body) else { return nil }
        // The elements of an array may differ; a key whose type differs between them is `mixed`.
        let types = Dictionary(keyTypes(in: json, prefix: ""), uniquingKeysWith: { $0 == $1 ? $0 : "mixed" })
        return Body(keys: types.keys.sorted(), types: types)
    }

    /// Every key of a JSON value as a dotted path, with its value's type; the elements of an array under `name[]`.
    private static func keyTypes(in value: JSONValue, prefix: String) -> [(String, String)] {
        switch value {
        case .object(let object):
            object.flatMap { key, child in
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                return [(path, typeName(child))] + keyTypes(in: child, prefix: path)
            }
        case .array(let elements):
            elements.flatMap { keyTypes(in: $0, prefix: "\(prefix)[]") }
        default:
            []
        }
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
