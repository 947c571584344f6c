/// Gives the `Authorization` header of the workspace's calls.
protocol Authenticator: Sendable {
    func authorization() async throws -> String
}

/// A personal access token, sent as it is.
struct TokenAuthenticator: Authenticator {
    let token: Secret

    func authorization() async throws -> String { "Bearer \(token.value)" }
}
