import Foundation
import KilnAPI

/// Workspace API 2.0 over HTTP.
struct RESTWorkspaceService: WorkspaceService {
    let connection: WorkspaceConnection

    func mkdirs(_ path: String) async throws {
        _ = try await connection.post("/api/2.0/workspace/mkdirs", PathRequest(path: path), repeatable: true)
    }

    func importObject(_ request: WorkspaceImport) async throws {
        _ = try await connection.post("/api/2.0/workspace/import", request, repeatable: request.overwrite == true)
    }

    func export(_ path: String, format: ExportFormat) async throws -> WorkspaceExport {
        try await connection.get(
            "/api/2.0/workspace/export", [QueryItem("path", path), QueryItem("format", format.rawValue)], as: WorkspaceExport.self)
    }

    func list(_ path: String) async throws -> [ObjectInfo] {
        try await connection.get("/api/2.0/workspace/list", [QueryItem("path", path)], as: WorkspaceList.self).objects ?? []
    }

    func status(_ path: String) async throws -> ObjectInfo {
        try await connection.get("/api/2.0/workspace/get-status", [QueryItem("path", path)], as: ObjectInfo.self)
    }

    func delete(_ path: String, recursive: Bool) async throws {
        _ = try await connection.post("/api/2.0/workspace/delete", WorkspaceDelete(path: path, recursive: recursive), repeatable: false)
    }
}
