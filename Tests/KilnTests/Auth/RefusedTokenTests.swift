import Foundation
import KilnAPI
import Testing

@testable import KilnClient

/// A token the workspace refuses in the middle of a run (revoked, or expired early): the
/// connection drops it, gets a new one and sends the call once more — once, not in a loop.
@Suite("Auth: a refused token is replaced once", .timeLimit(.minutes(1)))
struct RefusedTokenTests {
    static let refused = (status: 401, json: #"{"error_code":"UNAUTHENTICATED","message":"Token expired."}"#)

    /// A stand-in workspace with an OAuth token endpoint, refusing `Bearer <refused>`, or every
    /// token when `refused` is nil.
    static func run(refusing refused: String?, _ body: @Sendable (StandIn, String) async throws -> Void) async throws {
        let issued = Counter()
        let answer: StandIn.Answer = { request in
            if request.path == "/oidc/v1/token" { return tokenAnswer("token-\(issued.next())", lifetime: 3600) }
            return refused.map { request.headers["authorization"] == "Bearer \($0)" } ?? true ? Self.refused : emptyListing
        }
        try await StandIn.run(answer, body)
    }

    static func m2m(_ url: String) throws -> WorkspaceConfiguration {
        try AuthFixture.configuration(["DATABRICKS_CLIENT_ID": "ci-app", "DATABRICKS_CLIENT_SECRET": "dose-secret"], host: url)
    }

    @Test func aRefusedTokenIsReplacedAndTheCallSentAgain() async throws {
        try await Self.run(refusing: "token-1") { standIn, url in
            try await AuthFixture.withClient(try Self.m2m(url)) { client in
                // A poll with a token that was good a moment ago.
                _ = try await client.databricks.workspace.list("/")
                _ = try await client.databricks.workspace.list("/")
            }
            #expect(standIn.requests(to: "/oidc/v1/token").count == 2)
            #expect(
                standIn.requests(to: "/workspace/list").map { $0.headers["authorization"] } == [
                    "Bearer token-1", "Bearer token-2", "Bearer token-2",
                ])
        }
    }

    @Test func aSecondRefusalFails() async throws {
        try await Self.run(refusing: nil) { standIn, url in
            let error = await expectDatabricksError(.unauthenticated) {
                try await AuthFixture.withClient(try Self.m2m(url)) { client in _ = try await client.databricks.workspace.list("/") }
            }
            #expect(error?.message == "Token expired.")
            #expect(standIn.requests(to: "/oidc/v1/token").count == 2)
            #expect(standIn.requests(to: "/workspace/list").count == 2)
        }
    }

    @Test func aPersonalAccessTokenIsNotSentTwice() async throws {
        try await Self.run(refusing: nil) { standIn, url in
            let configuration = try AuthFixture.configuration(["DATABRICKS_TOKEN": "dapi-revoked"], host: url)
            _ = await expectDatabricksError(.unauthenticated) {
                try await AuthFixture.withClient(configuration) { client in _ = try await client.databricks.workspace.list("/") }
            }
            #expect(standIn.requests.count == 1)
        }
    }
}
