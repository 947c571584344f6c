import NIOHTTP1

/// Gives the headers that authorize a workspace call: `Authorization`, and for the Azure methods
/// the headers the SDKs add beside it.
protocol Authenticator: Sendable {
    func headers() async throws -> HTTPHeaders

    /// Forgets the tokens it keeps, after the workspace refused one (401); returns whether asking
    /// again may give another credential, that is, whether the call is worth one more attempt.
    func invalidate() async -> Bool
}

/// A personal access token, sent as it is; nothing to refresh.
struct TokenAuthenticator: Authenticator {
    let token: Secret

    func headers() async throws -> HTTPHeaders { ["Authorization": "Bearer \(token.value)"] }

    func invalidate() async -> Bool { false }
}
