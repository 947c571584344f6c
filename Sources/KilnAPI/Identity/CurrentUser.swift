/// Who the credentials belong to: `GET /api/2.0/preview/scim/v2/Me`, the call the Databricks CLI's
/// `current-user me` makes to check a token. SCIM spells its keys in camel case.
public struct CurrentUser: Codable, Sendable, Hashable {
    public var id: String?
    public var userName: String
    public var displayName: String?

    public init(id: String? = nil, userName: String, displayName: String? = nil) {
        self.id = id
        self.userName = userName
        self.displayName = displayName
    }
}
