import Hummingbird
import KilnAPI

/// SCIM's `Me`: who the token belongs to, as `databricks current-user me` and `kiln doctor` ask.
extension Router where Context == ServerContext {
    func addIdentityRoutes(_ identity: any IdentityService) {
        get("/api/2.0/preview/scim/v2/Me") { _, _ in
            try Response.json(try await identity.currentUser())
        }
    }
}
