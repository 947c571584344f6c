import Foundation

/// Where fresh tokens come from: one request (or one `az` run) per call.
protocol TokenSource: Sendable {
    func fetchToken(requestedAt: Date) async throws -> IssuedToken
}
