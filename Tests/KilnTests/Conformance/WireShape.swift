import KilnServer

/// A request as the conformance comparison sees it: where it went and which keys it carried, never
/// the values, which differ between two clients' runs (ids, tokens, contents).
struct WireShape: Hashable, Sendable, CustomStringConvertible {
    var method: String
    var path: String
    var queryKeys: [String]
    var bodyKeys: [String]?
    var bodyTypes: [String: String]?
    /// The media type alone: a multipart boundary or a charset is not part of the contract.
    var contentType: String?

    init(_ record: RecordedRequest) {
        method = record.method
        path = record.path
        queryKeys = record.query.keys.sorted()
        bodyKeys = record.bodyKeys
        bodyTypes = record.bodyTypes
        contentType = record.contentType.map { String($0.prefix { $0 != ";" }).lowercased() }
    }

    var description: String {
        let query = queryKeys.isEmpty ? "" : "?" + queryKeys.joined(separator: "&")
        let body =
            bodyKeys.map { keys in " {" + keys.map { key in bodyTypes?[key].map { "\(key): \($0)" } ?? key }.joined(separator: ", ") + "}" }
            ?? ""
        return "\(method) \(path)\(query) [\(contentType ?? "no content type")]\(body)"
    }
}
