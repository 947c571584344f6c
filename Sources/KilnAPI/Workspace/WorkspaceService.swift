/// Workspace API 2.0: the notebook tree.
public protocol WorkspaceService: Sendable {
    /// Creates the folder and its parents; an existing folder is fine, a file in the way is not.
    func mkdirs(_ path: String) async throws
    /// Imports a notebook or file; the parent folder must exist.
    func importObject(_ request: WorkspaceImport) async throws
    func export(_ path: String, format: ExportFormat) async throws -> WorkspaceExport
    /// The children of a folder, or the object itself when `path` is not a folder.
    func list(_ path: String) async throws -> [ObjectInfo]
    func status(_ path: String) async throws -> ObjectInfo
    func delete(_ path: String, recursive: Bool) async throws
}
