import Foundation
import Hummingbird
import KilnAPI

/// DBFS API 2.0.
extension Router where Context == ServerContext {
    func addDBFSRoutes(_ dbfs: any DBFSService) {
        post("/api/2.0/dbfs/put") { request, _ in
            let data = try await request.bodyData()
            if let form = try MultipartForm(contentType: request.headers[.contentType], body: data) {
                guard let path = form.string("path") else { throw DatabricksError.invalidParameter("Missing required field: path") }
                // The file part is `contents` in the API's documentation and `file` from the legacy CLI.
                try await Self.putLarge(
                    form.fields["contents"] ?? form.fields["file"] ?? Data(), to: path,
                    overwrite: form.string("overwrite")?.lowercased() == "true", dbfs: dbfs)
            } else {
                try await dbfs.put(try WireBody.decode(DBFSPut.self, from: data))
            }
            return try Response.empty()
        }
        post("/api/2.0/dbfs/create") { request, _ in
            try Response.json(DBFSHandle(handle: try await dbfs.create(try await request.json(DBFSCreate.self))))
        }
        post("/api/2.0/dbfs/add-block") { request, _ in
            let body = try await request.json(DBFSAddBlock.self)
            try await dbfs.addBlock(handle: body.handle, data: body.data)
            return try Response.empty()
        }
        post("/api/2.0/dbfs/close") { request, _ in
            try await dbfs.close(handle: try await request.json(DBFSHandle.self).handle)
            return try Response.empty()
        }
        get("/api/2.0/dbfs/read") { request, _ in
            let parameters = try await request.parameters()
            return try Response.json(
                try await dbfs.read(
                    try parameters.required("path"), offset: try parameters.int64("offset") ?? 0,
                    length: try parameters.int64("length")))
        }
        get("/api/2.0/dbfs/get-status") { request, _ in
            try Response.json(try await dbfs.status(try await request.parameters().required("path")))
        }
        get("/api/2.0/dbfs/list") { request, _ in
            try Response.json(DBFSList(files: try await dbfs.list(try await request.parameters().required("path"))))
        }
        post("/api/2.0/dbfs/mkdirs") { request, _ in
            try await dbfs.mkdirs(try await request.json(PathRequest.self).path)
            return try Response.empty()
        }
        post("/api/2.0/dbfs/delete") { request, _ in
            let body = try await request.json(DBFSDelete.self)
            try await dbfs.delete(body.path, recursive: body.recursive ?? false)
            return try Response.empty()
        }
        post("/api/2.0/dbfs/move") { request, _ in
            let body = try await request.json(DBFSMove.self)
            try await dbfs.move(from: body.sourcePath, to: body.destinationPath)
            return try Response.empty()
        }
    }

    /// A multipart put may exceed the 1 MB of an inline put: it is written through a handle.
    private static func putLarge(_ contents: Data, to path: String, overwrite: Bool, dbfs: any DBFSService) async throws {
        guard contents.count > DBFSLimits.maxBlockBytes else {
            try await dbfs.put(DBFSPut(path: path, contents: contents, overwrite: overwrite))
            return
        }
        let handle = try await dbfs.create(DBFSCreate(path: path, overwrite: overwrite))
        var offset = contents.startIndex
        while offset < contents.endIndex {
            let end = min(contents.endIndex, offset + DBFSLimits.maxBlockBytes)
            try await dbfs.addBlock(handle: handle, data: contents[offset..<end])
            offset = end
        }
        try await dbfs.close(handle: handle)
    }
}
