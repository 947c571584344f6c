import Foundation
import Hummingbird
import KilnAPI

/// DBFS API 2.0.
extension Router where Context == ServerContext {
    func addDBFSRoutes(_ dbfs: any DBFSService, scratch: URL) {
        post("/api/2.0/dbfs/put") { request, _ in
            if isMultipart(request.headers[.contentType]) {
                try await Self.putMultipart(request, scratch: scratch, dbfs: dbfs)
            } else {
                try await dbfs.put(try WireBody.decode(DBFSPut.self, from: try await request.bodyData()))
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

    /// A put with the file attached, up to 2 GB: the body goes to a scratch file as it arrives and
    /// is read from there a block at a time, so an upload is never held in memory. A file over the
    /// 1 MB of an inline put is written through a handle.
    private static func putMultipart(_ request: Request, scratch: URL, dbfs: any DBFSService) async throws {
        let file = scratch.appendingPathComponent("put-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try await request.body.write(to: file, limit: ServerLimits.maxDBFSPutBytes, what: "a DBFS put")
        guard let form = try MultipartForm(contentType: request.headers[.contentType], body: try FileFormBytes(file)),
            let path = try form.string("path")
        else { throw DatabricksError.invalidParameter("Missing required field: path") }
        let overwrite = try form.string("overwrite")?.lowercased() == "true"
        // The file part is `contents` in the API's documentation and `file` from the legacy CLI.
        let contents = form.parts["contents"] ?? form.parts["file"] ?? 0..<0
        guard contents.count > DBFSLimits.maxBlockBytes else {
            try await dbfs.put(DBFSPut(path: path, contents: try form.source.bytes(contents), overwrite: overwrite))
            return
        }
        let handle = try await dbfs.create(DBFSCreate(path: path, overwrite: overwrite))
        var offset = contents.lowerBound
        while offset < contents.upperBound {
            let end = min(contents.upperBound, offset + Int64(DBFSLimits.maxBlockBytes))
            try await dbfs.addBlock(handle: handle, data: try form.source.bytes(offset..<end))
            offset = end
        }
        try await dbfs.close(handle: handle)
    }
}
