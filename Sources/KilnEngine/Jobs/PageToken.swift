import KilnAPI

/// The opaque `page_token` of the list endpoints: the offset of the page it leads to.
enum PageToken {
    static func make(_ offset: Int) -> String { "offset-\(offset)" }

    static func offset(from token: String?) throws -> Int? {
        guard let token, !token.isEmpty else { return nil }
        guard token.hasPrefix("offset-"), let offset = Int(token.dropFirst("offset-".count)), offset >= 0 else {
            throw DatabricksError.invalidParameter("page_token '\(token)' is not a token this server gave out.")
        }
        return offset
    }
}
