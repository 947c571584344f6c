import Foundation
import KilnAPI
import KilnServer
import NIOConcurrencyHelpers
import Testing

@testable import KilnClient

/// OAuth machine-to-machine against `kiln serve`'s token endpoint: one token request for many
/// calls, a new token shortly before the old one expires, and errors that name the client.
@Suite("Client: OAuth M2M", .timeLimit(.minutes(1)))
struct OAuthTests {
    static let clientId = "kiln-ci"

    /// A clock the test moves forward, standing for an hour passing.
    final class ManualTime: Sendable {
        private let current = NIOLockedValueBox(Date())
        var now: Date { current.withLockedValue { $0 } }
        func advance(by seconds: TimeInterval) { current.withLockedValue { $0 += seconds } }
    }

    @Test func tokensAreSharedAndRefreshedBeforeTheyExpire() async throws {
        let secret = "kiln-secret-\(UUID().uuidString)"
        try await ServerFixture.run(oauthClient: OAuthClient(id: Self.clientId, secret: secret)) { api in
            let log = LogCapture()
            let time = ManualTime()
            let configuration = try WorkspaceConfiguration(
                host: api.baseURL, credentials: .oauthMachineToMachine(clientId: Self.clientId, clientSecret: Secret(secret)),
                settings: .forTests())
            let client = DatabricksClient(configuration: configuration, logger: log.logger(), currentTime: { time.now })
            let tokenRequests = { log.lines(containing: "POST /oidc/v1/token → 200").count }
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 1...20 { group.addTask { _ = try await client.databricks.workspace.list("/") } }
                    try await group.waitForAll()
                }
                #expect(tokenRequests() == 1)
                time.advance(by: 1800)
                _ = try await client.databricks.workspace.list("/")
                #expect(tokenRequests() == 1)
                // The server's tokens live 3600 s; the client replaces one 60 s before it expires.
                time.advance(by: 1760)
                _ = try await client.databricks.workspace.list("/")
                #expect(tokenRequests() == 2)
                _ = try await client.databricks.workspace.list("/")
                #expect(tokenRequests() == 2)
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
            #expect(log.lines(containing: "GET /api/2.0/workspace/list?path=%2F → 200").count == 23)
        }
    }

    @Test func aWrongSecretNamesTheClientButNotTheSecret() async throws {
        try await ServerFixture.run(oauthClient: OAuthClient(id: Self.clientId, secret: "the-right-one")) { api in
            let configuration = try WorkspaceConfiguration(
                host: api.baseURL, credentials: .oauthMachineToMachine(clientId: Self.clientId, clientSecret: Secret("a-wrong-one")),
                settings: .forTests())
            let error = await expectDatabricksError(.unauthenticated) {
                try await withDatabricksClient(configuration) { client in _ = try await client.databricks.workspace.list("/") }
            }
            #expect(error?.status == 401)
            #expect(
                error?.message.hasPrefix(
                    "OAuth token for client kiln-ci from \(api.baseURL)/oidc/v1/token: invalid_client: the client id or secret is wrong."
                ) == true)
            // The usual mistake on Azure: the Entra ID app's secret given as DATABRICKS_CLIENT_SECRET.
            #expect(
                error?.message.hasSuffix(
                    """
                    Databricks OAuth (oauth-m2m) needs a secret that Databricks issued for the service principal; for an Entra ID \
                    client secret use auth_type azure-client-secret with ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID \
                    (profile keys azure_client_id, azure_client_secret, azure_tenant_id).
                    """) == true)
            #expect(error?.message.contains("a-wrong-one") == false)
        }
    }

    @Test func aWrongTokenIsRefused() async throws {
        try await ServerFixture.run { api in
            let configuration = try WorkspaceConfiguration(
                host: api.baseURL, credentials: .personalAccessToken(Secret("dapi-wrong")), settings: .forTests())
            let error = await expectDatabricksError(.unauthenticated) {
                try await withDatabricksClient(configuration) { client in _ = try await client.databricks.jobs.list(JobsListQuery()) }
            }
            #expect(error == DatabricksError(.unauthenticated, "Invalid access token.", status: 401))
        }
    }
}
