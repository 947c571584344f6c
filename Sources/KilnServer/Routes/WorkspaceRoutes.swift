import Foundation
import Hummingbird
import KilnAPI

/// Workspace API 2.0.
extension Router where Context == ServerContext {
    func addWorkspaceRoutes(_ workspace: any WorkspaceService) {
        post("/api/2.0/workspace/mkdirs") { request, _ in
            try await workspace.mkdirs(try await request.json(PathRequest.self).path)
            return try Response.empty()
        }
        post("/api/2.0/workspace/import") { request, _ in
            try await workspace.importObject(try await Self.importRequest(request))
            return try Response.empty()
        }
        get("/api/2.0/workspace/export") { request, _ in
            let parameters = try await request.parameters()
            let format = ExportFormat(rawValue: parameters.string("format") ?? "SOURCE")
            let export = try await workspace.export(try parameters.required("path"), format: format)
            guard try parameters.bool("direct_download") == true else { return try Response.json(export) }
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: export.content)))
        }
        post("/api/2.0/workspace/delete") { request, _ in
            let body = try await request.json(WorkspaceDelete.self)
            try await workspace.delete(body.path, recursive: body.recursive ?? false)
            return try Response.empty()
        }
        get("/api/2.0/workspace/list") { request, _ in
            try Response.json(WorkspaceList(objects: try await workspace.list(try await request.parameters().required("path"))))
        }
        get("/api/2.0/workspace/get-status") { request, _ in
            try Response.json(try await workspace.status(try await request.parameters().required("path")))
        }
    }

    /// An import as JSON (content base64) or as the multipart form the Python SDK's upload sends.
    private static func importRequest(_ request: Request) async throws -> WorkspaceImport {
        let data = try await request.bodyData()
        guard let form = try MultipartForm(contentType: request.headers[.contentType], body: data) else {
            return try WireBody.decode(WorkspaceImport.self, from: data)
        }
        guard let path = try form.string("path") else { throw DatabricksError.invalidParameter("Missing required field: path") }
        return WorkspaceImport(
            path: path, content: try form.data("content") ?? Data(),
            format: try form.string("format").map(ExportFormat.init(rawValue:)) ?? .source,
            language: try form.string("language").map(NotebookLanguage.init(rawValue:)),
            overwrite: try form.string("overwrite")?.lowercased() == "true")
    }
}
