/// A workspace object as `workspace/list` and `workspace/get-status` describe it. `object_type`
/// and `path` are required; an absent `object_id` reads as 0.
public struct ObjectInfo: Codable, Sendable, Hashable {
    public var objectType: ObjectType
    public var path: String
    public var objectId: Int64
    public var language: NotebookLanguage?
    public var createdAt: Int64?
    public var modifiedAt: Int64?
    public var size: Int64?
    public var resourceId: String?

    public init(
        objectType: ObjectType, path: String, objectId: Int64, language: NotebookLanguage? = nil,
        createdAt: Int64? = nil, modifiedAt: Int64? = nil, size: Int64? = nil
    ) {
        self.objectType = objectType
        self.path = path
        self.objectId = objectId
        self.language = language
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.size = size
        self.resourceId = String(objectId)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        objectType = try container.decode(ObjectType.self, forKey: .objectType)
        path = try container.decode(String.self, forKey: .path)
        objectId = try container.decodeIfPresent(Int64.self, forKey: .objectId) ?? 0
        language = try container.decodeIfPresent(NotebookLanguage.self, forKey: .language)
        createdAt = try container.decodeIfPresent(Int64.self, forKey: .createdAt)
        modifiedAt = try container.decodeIfPresent(Int64.self, forKey: .modifiedAt)
        size = try container.decodeIfPresent(Int64.self, forKey: .size)
        resourceId = try container.decodeIfPresent(String.self, forKey: .resourceId)
    }

    enum CodingKeys: String, CodingKey {
        case objectType = "object_type"
        case path
        case objectId = "object_id"
        case language
        case createdAt = "created_at"
        case modifiedAt = "modified_at"
        case size
        case resourceId = "resource_id"
    }
}
