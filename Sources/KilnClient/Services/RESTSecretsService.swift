import Foundation
import KilnAPI

/// The Secrets API over HTTP. Creating a scope or putting a secret is repeatable (the same
/// request again changes nothing more); deleting is not retried after a transient failure.
struct RESTSecretsService: SecretsService {
    let connection: WorkspaceConnection

    func createScope(_ scope: String) async throws {
        let _: Empty = try await connection.post("/api/2.0/secrets/scopes/create", SecretsRequest.Scope(scope: scope), repeatable: false)
    }

    func listScopes() async throws -> [SecretScope] {
        try await connection.get("/api/2.0/secrets/scopes/list", [], as: SecretsRequest.Scopes.self).scopes ?? []
    }

    func deleteScope(_ scope: String) async throws {
        let _: Empty = try await connection.post("/api/2.0/secrets/scopes/delete", SecretsRequest.Scope(scope: scope), repeatable: false)
    }

    func put(scope: String, key: String, value: Data) async throws {
        let _: Empty = try await connection.post(
            "/api/2.0/secrets/put", SecretsRequest.Put(scope: scope, key: key, value: value), repeatable: true)
    }

    func listSecrets(scope: String) async throws -> [SecretMetadata] {
        try await connection.get("/api/2.0/secrets/list", [QueryItem("scope", scope)], as: SecretsRequest.Secrets.self)
            .secrets ?? []
    }

    func delete(scope: String, key: String) async throws {
        let _: Empty = try await connection.post(
            "/api/2.0/secrets/delete", SecretsRequest.Delete(scope: scope, key: key), repeatable: false)
    }
}
