import Hummingbird
import KilnAPI

/// Secrets API 2.0: scopes and secrets, as `databricks secrets` and the SDK's `w.secrets` use them.
extension Router where Context == ServerContext {
    func addSecretsRoutes(_ secrets: any SecretsService) {
        post("/api/2.0/secrets/scopes/create") { request, _ in
            try await secrets.createScope(try await request.json(SecretsRequest.Scope.self).scope)
            return try Response.empty()
        }
        get("/api/2.0/secrets/scopes/list") { _, _ in
            try Response.json(SecretsRequest.Scopes(scopes: try await secrets.listScopes()))
        }
        post("/api/2.0/secrets/scopes/delete") { request, _ in
            try await secrets.deleteScope(try await request.json(SecretsRequest.Scope.self).scope)
            return try Response.empty()
        }
        post("/api/2.0/secrets/put") { request, _ in
            let put = try await request.json(SecretsRequest.Put.self)
            guard let value = put.value else { throw DatabricksError.invalidParameter("Give string_value or bytes_value (base64).") }
            try await secrets.put(scope: put.scope, key: put.key, value: value)
            return try Response.empty()
        }
        get("/api/2.0/secrets/list") { request, _ in
            try Response.json(
                SecretsRequest.Secrets(secrets: try await secrets.listSecrets(scope: try await request.parameters().required("scope"))))
        }
        post("/api/2.0/secrets/delete") { request, _ in
            let delete = try await request.json(SecretsRequest.Delete.self)
            try await secrets.delete(scope: delete.scope, key: delete.key)
            return try Response.empty()
        }
    }
}
