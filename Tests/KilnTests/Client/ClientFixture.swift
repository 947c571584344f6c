import Foundation
import KilnAPI
import KilnClient
import Logging

extension ClientSettings {
    /// Settings for tests against a server on loopback: no pacing to speak of, quick retries, and a
    /// deadline that ends a test that went wrong long before its time limit.
    static func forTests(retryTimeout: Duration = .seconds(30), rateLimit: Double = 5000, burst: Int = 100) -> ClientSettings {
        ClientSettings(
            rateLimit: rateLimit, burst: burst, retryTimeout: retryTimeout, requestTimeout: .seconds(20),
            initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(200))
    }
}

extension ServerAPI {
    /// A configuration for this server with its token.
    func configuration(_ settings: ClientSettings = .forTests()) throws -> WorkspaceConfiguration {
        try WorkspaceConfiguration(host: baseURL, credentials: .personalAccessToken(Secret(token)), settings: settings)
    }

    /// Runs `body` with a REST client of this server, shut down afterwards.
    func withClient<Result: Sendable>(
        _ settings: ClientSettings = .forTests(), logger: Logger? = nil,
        _ body: (DatabricksClient) async throws -> Result
    ) async throws -> Result {
        try await withDatabricksClient(try configuration(settings), logger: logger, body)
    }
}
