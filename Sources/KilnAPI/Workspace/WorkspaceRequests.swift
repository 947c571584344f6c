import Foundation

/// `POST /api/2.0/workspace/import`.
public struct WorkspaceImport: Codable, Sendable, Hashable {
    public var path: String
    /// The decoded bytes; base64 on the wire.
    public var content: Data?
    public var format: ExportFormat?
    public var language: NotebookLanguage?
    public var overwrite: Bool?

    public init(
        path: String, content: Data, format: ExportFormat? = .source,
        language: NotebookLanguage? = nil, overwrite: Bool = false
    ) {
        self.path = path
        self.content = content
        self.format = format
        self.language = language
        self.overwrite = overwrite
    }
}

/// `GET /api/2.0/workspace/export` answers this unless `direct_download` asks for the bytes.
public struct WorkspaceExport: Codable, Sendable, Hashable {
    public var content: Data
    public var fileType: String?

    public init(content: Data, fileType: String?) {
        self.content = content
        self.fileType = fileType
    }

    /// An absent `content` (an empty file) reads as no bytes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decodeIfPresent(Data.self, forKey: .content) ?? Data()
        fileType = try container.decodeIfPresent(String.self, forKey: .fileType)
    }

    enum CodingKeys: String, CodingKey {
        case content
        case fileType = "file_type"
    }
}

/// `POST /api/2.0/workspace/delete`.
public struct WorkspaceDelete: Codable, Sendable, Hashable {
    public var path: String
    public var recursive: Bool?
    public init(path: String, recursive: Bool = false) {
        self.path = path
        self.recursive = recursive
    }
}

/// A request that names one path: `workspace/mkdirs`, `dbfs/mkdirs`, `dbfs/create`…
public struct PathRequest: Codable, Sendable, Hashable {
    public var path: String
    public init(path: String) { self.path = path }
}

/// `GET /api/2.0/workspace/list`: the `objects` key is absent for an empty folder.
public struct WorkspaceList: Codable, Sendable, Hashable {
    public var objects: [ObjectInfo]?
    public init(objects: [ObjectInfo]) { self.objects = objects.isEmpty ? nil : objects }
}
