import Foundation

/// `azure-msi`: a token of the VM's managed identity from the instance metadata service,
/// `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…[&client_id=…]` with
/// `Metadata: true` (SDK-go `auth_azure_msi.go`).
struct ManagedIdentityTokenSource: TokenSource {
    let endpoint: TokenEndpoint
    let clientId: String?
    let resource: String

    init(metadata: HTTPTransport, clientId: String?, resource: String) {
        endpoint = TokenEndpoint(
            transport: metadata, path: "/metadata/identity/oauth2/token",
            purpose: "managed identity token of \(resource)\(clientId.map { " for client \($0)" } ?? "")")
        self.clientId = clientId
        self.resource = resource
    }

    func fetchToken(requestedAt: Date) async throws -> IssuedToken {
        var query = [QueryItem("api-version", "2018-02-01"), QueryItem("resource", resource)]
        query.add("client_id", clientId)
        return try await endpoint.token(
            .GET, query: query, body: .none, authorization: .headers(["Metadata": "true"]), requestedAt: requestedAt)
    }
}
