import Foundation
import KilnAPI
import KilnClient
import KilnServer
import Logging
import Testing

/// A token or client secret never appears in a log line, an error or a description — nor on the
/// real stdout and stderr of a process that logs every call (what `kiln --verbose` does).
@Suite("Client: secrets stay secret", .timeLimit(.minutes(2)))
struct SecretHygieneTests {
    static let clientId = "kiln-ci"
    /// Retries and dropped connections log more: the faults make sure those lines are searched too.
    static let faults = "503@0.2,reset@0.1,seed=5"

    @Test func verboseSessionsShowNoCredential() async throws {
        let secret = "kiln-secret-\(UUID().uuidString)"
        let wrongToken = "dapi-wrong-\(UUID().uuidString)"
        try await ServerFixture.run(faults: Self.faults, oauthClient: OAuthClient(id: Self.clientId, secret: secret)) { api in
            let log = LogCapture()
            var texts: [String] = []
            for configuration in try Self.configurations(api, secret: secret, wrongToken: wrongToken) {
                texts += [String(describing: configuration), String(reflecting: configuration)]
                do {
                    texts += try await withDatabricksClient(configuration, logger: log.logger()) { client in
                        try await Self.session(client.databricks)
                    }
                } catch {
                    texts += [String(describing: error), String(reflecting: error)]
                }
            }
            let lines = log.lines
            #expect(lines.count > 15)
            #expect(lines.contains { $0.contains("GET /api/2.1/jobs/list?page_token=*** → 400 INVALID_PARAMETER_VALUE") })
            #expect(lines.contains { $0.contains("POST /oidc/v1/token → 200") })
            #expect(lines.contains { $0.contains("retrying in") })
            #expect(texts.contains { $0.contains("invalid_client") } && texts.contains { $0.contains("Invalid access token.") })
            for needle in Self.needles(token: api.token, secret: secret, wrongToken: wrongToken) {
                #expect(!lines.contains { $0.contains(needle) }, "a log line shows a credential")
                #expect(!texts.contains { $0.contains(needle) }, "an error or description shows a credential")
            }
        }
    }

    @Test func credentialsNeverReachStdoutOrStderr() async throws {
        let folder = TemporaryFolder("kiln-secrets")
        let tokenFile = folder.path("token")
        let secret = "kiln-secret-\(UUID().uuidString)"
        let wrongToken = "dapi-wrong-\(UUID().uuidString)"
        let result = try await ChildTest.run(
            "verboseSessionInAChildProcess", role: "secrets",
            environment: [
                "KILN_CHILD_SECRET": secret, "KILN_CHILD_WRONG_TOKEN": wrongToken, "KILN_CHILD_TOKEN_FILE": tokenFile.path,
            ])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let token = try String(contentsOf: tokenFile, encoding: .utf8)
        #expect(token.hasPrefix("dapi"))
        #expect(result.stderr.contains("GET /api/2.0/workspace/list?path=%2F → 200"), "the child did not log its calls to stderr")
        #expect(
            result.stdout.contains("RESOURCE_DOES_NOT_EXIST: Path (/Shared/none) doesn't exist."),
            "the child did not print its errors to stdout")
        for needle in Self.needles(token: token, secret: secret, wrongToken: wrongToken) {
            #expect(!result.stdout.contains(needle) && !result.stderr.contains(needle), "the process output shows a credential")
        }
    }

    /// The child's part: a verbose session logging to the real stderr and printing every error to stdout.
    @Test(.enabled(if: ChildTest.role == "secrets"))
    func verboseSessionInAChildProcess() async throws {
        let environment = ProcessInfo.processInfo.environment
        let secret = try #require(environment["KILN_CHILD_SECRET"])
        let wrongToken = try #require(environment["KILN_CHILD_WRONG_TOKEN"])
        try await ServerFixture.run(faults: Self.faults, oauthClient: OAuthClient(id: Self.clientId, secret: secret)) { api in
            try api.token.write(toFile: try #require(environment["KILN_CHILD_TOKEN_FILE"]), atomically: true, encoding: .utf8)
            var logger = Logger(label: "kiln.client") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .trace
            for configuration in try Self.configurations(api, secret: secret, wrongToken: wrongToken) {
                print("configuration: \(configuration)")
                do {
                    for text in try await withDatabricksClient(
                        configuration, logger: logger, { client in try await Self.session(client.databricks) })
                    {
                        print("error: \(text)")
                    }
                } catch {
                    print("error: \(error)")
                }
            }
        }
    }

    /// A PAT and an OAuth client that work, and a wrong token and secret that do not.
    static func configurations(_ api: ServerAPI, secret: String, wrongToken: String) throws -> [WorkspaceConfiguration] {
        let oauth = { (secret: String) in
            try WorkspaceConfiguration(
                host: api.baseURL, credentials: .oauthMachineToMachine(clientId: clientId, clientSecret: Secret(secret)),
                settings: .forTests())
        }
        return [
            try api.configuration(), try oauth(secret), try oauth("wrong-" + secret),
            try WorkspaceConfiguration(host: api.baseURL, credentials: .personalAccessToken(Secret(wrongToken)), settings: .forTests()),
        ]
    }

    /// Calls that succeed, fail and page; returns the descriptions of the errors they met.
    static func session(_ databricks: Databricks) async throws -> [String] {
        _ = try await databricks.workspace.list("/")
        try await databricks.dbfs.put(DBFSPut(path: "/kiln/a.txt", contents: Data("a".utf8), overwrite: true))
        _ = try await databricks.dbfs.read("/kiln/a.txt", offset: 0, length: nil)
        var errors: [String] = []
        for failing in [
            { _ = try await databricks.workspace.status("/Shared/none") },
            { _ = try await databricks.jobs.list(JobsListQuery(pageToken: "forged")) },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await failing()
            } catch {
                errors += [String(describing: error), String(reflecting: error)]
            }
        }
        return errors
    }

    /// What must not show: the tokens, the secret, and the secret as HTTP Basic sends it.
    static func needles(token: String, secret: String, wrongToken: String) -> [String] {
        [token, secret, wrongToken, Data("\(clientId):\(secret)".utf8).base64EncodedString(), "Bearer ", "Basic "]
    }
}
