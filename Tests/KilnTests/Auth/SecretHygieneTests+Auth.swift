import Foundation
import KilnAPI
import KilnServer
import Testing

@testable import KilnClient

extension SecretHygieneTests {
    /// The Azure and federation flows in verbose sessions, through a proxy with credentials: no
    /// Entra secret, pipeline token, issued token or proxy password in a log line, an error or a
    /// description.
    @Test func azureAndFederatedSessionsShowNoCredential() async throws {
        let entraSecret = "entra-secret-\(UUID().uuidString)"
        let requestToken = "request-token-\(UUID().uuidString)"
        let subjectToken = "eyJsubject-\(UUID().uuidString)"
        let management = "management-\(UUID().uuidString)"
        let proxyPassword = "proxy-pass-\(UUID().uuidString)"
        let client = OAuthClient(id: "ci-app", secret: "unused-\(UUID().uuidString)", federatedToken: subjectToken)
        let proxy = try await ForwardProxy(username: "kiln", password: proxyPassword)
        defer { proxy.stop() }
        try await ServerFixture.run(faults: Self.faults, oauthClient: client) { api in
            let answer: StandIn.Answer = { request in
                if request.path == "/idtoken" { return (200, #"{"value":"\#(subjectToken)"}"#) }
                guard request.form["client_secret"] == entraSecret else {
                    return (401, #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"#)
                }
                return tokenAnswer(request.form["resource"] == AzureCloud.databricksResource ? api.token : management)
            }
            try await StandIn.run(answer) { _, issuer in
                let log = LogCapture()
                let host = "http://kiln-workspace.test:\(api.port)"
                let common = ["HTTP_PROXY": "http://kiln:\(proxyPassword)@127.0.0.1:\(proxy.port)", "KILN_AZURE_LOGIN_ENDPOINT": issuer]
                let environments = [
                    [
                        "DATABRICKS_AUTH_TYPE": "azure-client-secret", "ARM_CLIENT_ID": "a", "ARM_CLIENT_SECRET": entraSecret,
                        "ARM_TENANT_ID": "t",
                    ],
                    [
                        "DATABRICKS_AUTH_TYPE": "azure-client-secret", "ARM_CLIENT_ID": "a", "ARM_CLIENT_SECRET": "x" + entraSecret,
                        "ARM_TENANT_ID": "t",
                    ],
                    [
                        "DATABRICKS_CLIENT_ID": "ci-app", "ACTIONS_ID_TOKEN_REQUEST_URL": "\(issuer)/idtoken?v=1",
                        "ACTIONS_ID_TOKEN_REQUEST_TOKEN": requestToken,
                    ],
                ]
                var texts: [String] = []
                for environment in environments {
                    let configuration = try AuthFixture.configuration(environment.merging(common) { $1 }, host: host)
                    texts += [String(describing: configuration), String(reflecting: configuration)]
                    do {
                        texts += try await AuthFixture.withClient(configuration, logger: log.logger()) { client in
                            try await Self.session(client.databricks)
                        }
                    } catch {
                        texts += [String(describing: error), String(reflecting: error)]
                    }
                }
                let lines = log.lines
                #expect(lines.contains { $0.contains("POST /t/oauth2/token → 200") } && lines.contains { $0.contains("GET /idtoken") })
                #expect(texts.contains { $0.contains("AADSTS7000215") })
                for needle in [entraSecret, requestToken, subjectToken, management, proxyPassword, api.token, "Bearer "] {
                    #expect(!lines.contains { $0.contains(needle) }, "a log line shows a credential")
                    #expect(!texts.contains { $0.contains(needle) }, "an error or description shows a credential")
                }
            }
        }
    }
}
