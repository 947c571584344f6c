import Foundation
import KilnAPI

/// DBFS API 2.0 over HTTP. Paths go without their `dbfs:` prefix, as the SDKs send them.
struct RESTDBFSService: DBFSService {
    let connection: WorkspaceConnection

    func put(_ request: DBFSPut) async throws {
        var request = request
        request.path = Self.apiPath(request.path)
        _ = try await connection.post("/api/2.0/dbfs/put", request, repeatable: request.overwrite == true)
    }

    /// The form the legacy CLI sends to workspaces (`path`, `overwrite`, the file as `file`): the
    /// one multipart put known to work against them; the SDKs send only JSON puts. Repeated only
    /// with `overwrite`, as `put` is.
    func putFile(_ file: URL, to path: String, overwrite: Bool) async throws {
        let fields = [(name: "path", value: Self.apiPath(path)), (name: "overwrite", value: String(overwrite))]
        try await connection.send(
            .POST, "/api/2.0/dbfs/put", body: .multipartFile(fields: fields, fileField: "file", file: file), repeatable: overwrite)
    }

    func create(_ request: DBFSCreate) async throws -> Int64 {
        var request = request
        request.path = Self.apiPath(request.path)
        return try await connection.post("/api/2.0/dbfs/create", request, repeatable: false, as: DBFSHandle.self).handle
    }

    func addBlock(handle: Int64, data: Data) async throws {
        _ = try await connection.post("/api/2.0/dbfs/add-block", DBFSAddBlock(handle: handle, data: data), repeatable: false)
    }

    func close(handle: Int64) async throws {
        _ = try await connection.post("/api/2.0/dbfs/close", DBFSHandle(handle: handle), repeatable: false)
    }

    func read(_ path: String, offset: Int64, length: Int64?) async throws -> DBFSReadResult {
        var query = [QueryItem("path", Self.apiPath(path)), QueryItem("offset", String(offset))]
        query.add("length", length)
        return try await connection.get("/api/2.0/dbfs/read", query, as: DBFSReadResult.self)
    }

    func list(_ path: String) async throws -> [FileInfo] {
        try await connection.get("/api/2.0/dbfs/list", [QueryItem("path", Self.apiPath(path))], as: DBFSList.self).files ?? []
    }

    func mkdirs(_ path: String) async throws {
        _ = try await connection.post("/api/2.0/dbfs/mkdirs", PathRequest(path: Self.apiPath(path)), repeatable: true)
    }

    func delete(_ path: String, recursive: Bool) async throws {
        _ = try await connection.post("/api/2.0/dbfs/delete", DBFSDelete(path: Self.apiPath(path), recursive: recursive), repeatable: false)
    }

    func status(_ path: String) async throws -> FileInfo {
        try await connection.get("/api/2.0/dbfs/get-status", [QueryItem("path", Self.apiPath(path))], as: FileInfo.self)
    }

    func move(from source: String, to destination: String) async throws {
        _ = try await connection.post(
            "/api/2.0/dbfs/move", DBFSMove(sourcePath: Self.apiPath(source), destinationPath: Self.apiPath(destination)), repeatable: false)
    }

    /// `dbfs:/a/b` → `/a/b`.
    private static func apiPath(_ path: String) -> String {
        path.hasPrefix("dbfs:") ? String(path.dropFirst("dbfs:".count)) : path
    }
}
