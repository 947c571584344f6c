import KilnAPI

/// SCIM's `Me` over HTTP.
struct RESTIdentityService: IdentityService {
    let connection: WorkspaceConnection

    func currentUser() async throws -> CurrentUser {
        try await connection.get("/api/2.0/preview/scim/v2/Me", [], as: CurrentUser.self)
    }
}
