import Foundation
import GRDB
import KilnAPI

/// The engine's workspace tree, kept in SQLite: every import, mkdirs and delete is one transaction.
final class EngineWorkspace: WorkspaceService {
    private let database: EngineDatabase

    init(database: EngineDatabase) {
        self.database = database
    }

    /// The folders every workspace has.
    static let builtInFolders = ["/Shared", "/Users", "/Repos"]

    func seed() throws {
        try database.write { db in
            for folder in Self.builtInFolders
            where try Row.fetchOne(db, sql: "SELECT 1 FROM workspace_object WHERE path = ?", arguments: [folder]) == nil {
                try Self.insertFolder(folder, in: db)
            }
        }
    }

    func mkdirs(_ path: String) async throws {
        let path = try WorkspacePath.normalize(path)
        guard path != "/" else { return }
        try database.write { db in
            for folder in WorkspacePath.ancestors(of: path) + [path] {
                if let existing = try Self.object(at: folder, in: db) {
                    guard existing.objectType == .directory else {
                        throw DatabricksError.alreadyExists("Path (\(folder)) already exists and it is not a folder.")
                    }
                } else {
                    try Self.insertFolder(folder, in: db)
                }
            }
        }
    }

    func importObject(_ request: WorkspaceImport) async throws {
        let path = try WorkspacePath.normalize(request.path)
        guard path != "/" else { throw DatabricksError.invalidParameter("Cannot import over the root folder.") }
        let content = try NotebookContent.classify(request, path: path)
        let overwrite = request.overwrite ?? false
        try database.write { db in
            let parent = WorkspacePathText.parent(of: content.storedPath)
            if parent != "/" {
                guard let folder = try Self.object(at: parent, in: db), folder.objectType == .directory else {
                    throw DatabricksError.doesNotExist("The parent folder (\(parent)) does not exist.")
                }
            }
            let now = epochMillis()
            var objectId: Int64
            var createdAt = now
            if let existing = try Self.object(at: content.storedPath, in: db) {
                guard overwrite, existing.objectType != .directory else {
                    throw DatabricksError.alreadyExists(
                        "Path (\(content.storedPath)) already exists."
                            + (existing.objectType == .directory ? "" : " Set overwrite to replace it."))
                }
                objectId = existing.objectId
                createdAt = existing.createdAt ?? now
                try db.execute(sql: "DELETE FROM workspace_object WHERE path = ?", arguments: [content.storedPath])
            } else {
                objectId = try EngineDatabase.nextValue("object", in: db)
            }
            let (type, language): (ObjectType, String?) =
                switch content.kind {
                case .notebook(let language): (.notebook, language.rawValue)
                case .file: (.file, nil)
                }
            try db.execute(
                sql: """
                    INSERT INTO workspace_object (path, parent, object_id, object_type, language, content, created_at, modified_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [content.storedPath, parent, objectId, type.rawValue, language, content.bytes, createdAt, now])
        }
    }

    func export(_ path: String, format: ExportFormat) async throws -> WorkspaceExport {
        let path = try WorkspacePath.normalize(path)
        let (info, bytes) = try database.read { db -> (ObjectInfo, Data) in
            guard let info = try Self.object(at: path, in: db) else { throw Self.missing(path) }
            let bytes = try Data.fetchOne(db, sql: "SELECT content FROM workspace_object WHERE path = ?", arguments: [path])
            return (info, bytes ?? Data())
        }
        switch (info.objectType, format) {
        case (.directory, _):
            throw DatabricksError.invalidParameter(
                "Path (\(path)) is a folder; the embedded engine exports one notebook or file at a time.")
        case (.file, _):
            return WorkspaceExport(content: bytes, fileType: (path as NSString).pathExtension)
        case (_, .source), (_, .auto), (_, .raw):
            return WorkspaceExport(content: bytes, fileType: info.language?.fileExtension)
        case (_, .jupyter):
            let text = String(decoding: bytes, as: UTF8.self)
            return WorkspaceExport(content: try JupyterConversion.fromSource(text, language: info.language ?? .python), fileType: "ipynb")
        default:
            throw DatabricksError.invalidParameter(
                "Export format \(format.rawValue) is not supported by the embedded engine; use SOURCE, AUTO or JUPYTER.")
        }
    }

    func list(_ path: String) async throws -> [ObjectInfo] {
        let path = try WorkspacePath.normalize(path)
        return try database.read { db in
            if path != "/" {
                guard let object = try Self.object(at: path, in: db) else { throw Self.missing(path) }
                guard object.objectType == .directory else { return [object] }
            }
            return try Row.fetchAll(db, sql: "\(Self.selectInfo) WHERE parent = ? AND path != '/' ORDER BY path", arguments: [path])
                .map(Self.info(from:))
        }
    }

    func status(_ path: String) async throws -> ObjectInfo {
        let path = try WorkspacePath.normalize(path)
        if path == "/" { return ObjectInfo(objectType: .directory, path: "/", objectId: 0) }
        return try database.read { db in
            guard let object = try Self.object(at: path, in: db) else { throw Self.missing(path) }
            return object
        }
    }

    func delete(_ path: String, recursive: Bool) async throws {
        let path = try WorkspacePath.normalize(path)
        guard path != "/" else { throw DatabricksError.invalidParameter("The root folder cannot be deleted.") }
        try database.write { db in
            guard let object = try Self.object(at: path, in: db) else { throw Self.missing(path) }
            let descendants = "path LIKE ? ESCAPE '\\'"
            let pattern = Self.likeEscaped(path) + "/%"
            if object.objectType == .directory, !recursive,
                try Row.fetchOne(db, sql: "SELECT 1 FROM workspace_object WHERE \(descendants) LIMIT 1", arguments: [pattern]) != nil
            {
                throw DatabricksError(.directoryNotEmpty, "Folder (\(path)) is not empty. Delete it with recursive set to true.")
            }
            try db.execute(sql: "DELETE FROM workspace_object WHERE path = ? OR \(descendants)", arguments: [path, pattern])
        }
    }

    /// The source and language of the notebook at `path`, for the runtimes; nil when there is none.
    func notebook(at path: String) throws -> (text: String, language: NotebookLanguage)? {
        let path = try WorkspacePath.normalize(path)
        return try database.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT language, content FROM workspace_object WHERE path = ? AND object_type = 'NOTEBOOK'", arguments: [path]
                ),
                let language: String = row["language"]
            else { return nil }
            let content: Data = row["content"] ?? Data()
            return (String(decoding: content, as: UTF8.self), NotebookLanguage(rawValue: language))
        }
    }

    /// The bytes of the plain file at `path`; nil when there is none.
    func fileContent(at path: String) throws -> Data? {
        let path = try WorkspacePath.normalize(path)
        return try database.read { db in
            try Data.fetchOne(db, sql: "SELECT content FROM workspace_object WHERE path = ? AND object_type = 'FILE'", arguments: [path])
        }
    }

    /// The plain files at and below `folder`, by path: what a notebook in that folder reads
    /// through its working directory and `/Workspace`.
    func files(under folder: String) throws -> [(path: String, content: Data)] {
        let folder = try WorkspacePath.normalize(folder)
        let pattern = folder == "/" ? "/%" : Self.likeEscaped(folder) + "/%"
        return try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT path, content FROM workspace_object WHERE object_type = 'FILE' AND path LIKE ? ESCAPE '\\'",
                arguments: [pattern]
            ).map { ($0["path"], $0["content"] ?? Data()) }
        }
    }

    // MARK: - Rows

    private static let selectInfo =
        "SELECT path, object_id, object_type, language, created_at, modified_at, length(content) AS size FROM workspace_object"

    private static func object(at path: String, in db: GRDB.Database) throws -> ObjectInfo? {
        try Row.fetchOne(db, sql: "\(selectInfo) WHERE path = ?", arguments: [path]).map(info(from:))
    }

    private static func info(from row: Row) -> ObjectInfo {
        let type = ObjectType(rawValue: row["object_type"])
        let language: String? = row["language"]
        return ObjectInfo(
            objectType: type, path: row["path"], objectId: row["object_id"],
            language: language.map(NotebookLanguage.init(rawValue:)),
            // Databricks gives these times for files and notebooks only, not folders.
            createdAt: type == .directory ? nil : row["created_at"], modifiedAt: type == .directory ? nil : row["modified_at"],
            size: type == .directory ? nil : (row["size"] as Int64?) ?? 0)
    }

    private static func insertFolder(_ path: String, in db: GRDB.Database) throws {
        let now = epochMillis()
        try db.execute(
            sql:
                "INSERT INTO workspace_object (path, parent, object_id, object_type, created_at, modified_at) VALUES (?, ?, ?, 'DIRECTORY', ?, ?)",
            arguments: [path, WorkspacePathText.parent(of: path), try EngineDatabase.nextValue("object", in: db), now, now])
    }

    private static func missing(_ path: String) -> DatabricksError {
        .doesNotExist("Path (\(path)) doesn't exist.")
    }

    private static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
