import Foundation
import KilnAPI
import Testing

@testable import KilnClient

/// `azure-client-secret` against a stand-in Entra ID: the form the SDKs send, the headers they add
/// to workspace calls, tokens refreshed before they expire, and a real call to `kiln serve`.
@Suite("Auth: azure-client-secret", .timeLimit(.minutes(1)))
struct AzureClientSecretTests {
    static let secret = "entra-secret-\(UUID().uuidString)"
    static let resourceId = "/subscriptions/sub-1/resourceGroups/ci/providers/Microsoft.Databricks/workspaces/ws"

    static func environment(login: String) -> [String: String] {
        [
            "DATABRICKS_AUTH_TYPE": "azure-client-secret", "ARM_CLIENT_ID": "app-1", "ARM_CLIENT_SECRET": secret,
            "ARM_TENANT_ID": "tenant-1", "KILN_AZURE_LOGIN_ENDPOINT": login, "DATABRICKS_AZURE_RESOURCE_ID": resourceId,
        ]
    }

    @Test func sendsTheSDKsFormAndHeadersAndRefreshesBeforeExpiry() async throws {
        let issued = Counter()
        let answer: StandIn.Answer = { request in
            guard request.path.hasSuffix("/oauth2/token") else { return emptyListing }
            let kind = request.form["resource"] == AzureCloud.databricksResource ? "databricks" : "management"
            return tokenAnswer("\(kind)-\(issued.next())")
        }
        try await StandIn.run(answer) { standIn, url in
            let time = OAuthTests.ManualTime()
            let configuration = try AuthFixture.configuration(Self.environment(login: url), host: url)
            #expect(configuration.credentials.authType == "azure-client-secret")
            try await AuthFixture.withClient(configuration, time: time) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 1...5 { group.addTask { _ = try await client.databricks.workspace.list("/") } }
                    try await group.waitForAll()
                }
                let tokens = standIn.requests(to: "/oauth2/token")
                #expect(tokens.count == 2)
                for request in tokens {
                    #expect(request.method == "POST" && request.path == "/tenant-1/oauth2/token")
                    #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
                    #expect(request.headers["authorization"] == nil)
                    #expect(request.formNames == ["grant_type", "client_id", "client_secret", "resource"])
                    #expect(request.form["grant_type"] == "client_credentials" && request.form["client_id"] == "app-1")
                    #expect(request.form["client_secret"] == Self.secret)
                }
                #expect(
                    Set(tokens.compactMap { $0.form["resource"] }) == [
                        AzureCloud.databricksResource, "https://management.core.windows.net/",
                    ])
                let calls = standIn.requests(to: "/workspace/list")
                #expect(calls.count == 5)
                let first = try #require(calls.first)
                #expect(first.headers["authorization"]?.hasPrefix("Bearer databricks-") == true)
                #expect(first.headers["x-databricks-azure-sp-management-token"]?.hasPrefix("management-") == true)
                #expect(first.headers["x-databricks-azure-workspace-resource-id"] == Self.resourceId)

                // Entra ID's tokens live 3599 s; both are replaced 60 s before they expire.
                time.advance(by: 3599 - 61)
                _ = try await client.databricks.workspace.list("/")
                #expect(standIn.requests(to: "/oauth2/token").count == 2)
                time.advance(by: 2)
                _ = try await client.databricks.workspace.list("/")
                #expect(standIn.requests(to: "/oauth2/token").count == 4)
                let last = try #require(standIn.requests(to: "/workspace/list").last)
                #expect(last.headers["authorization"] != first.headers["authorization"])
                #expect(last.headers["x-databricks-azure-sp-management-token"] != first.headers["x-databricks-azure-sp-management-token"])
            }
        }
    }

    @Test func aRealCallToKilnServeSucceedsWithTheEntraToken() async throws {
        try await ServerFixture.run { api in
            let answer: StandIn.Answer = { request in
                tokenAnswer(request.form["resource"] == AzureCloud.databricksResource ? api.token : "management")
            }
            try await StandIn.run(answer) { _, login in
                let configuration = try AuthFixture.configuration(Self.environment(login: login), host: api.baseURL)
                // kiln serve refuses any other token: the call succeeds only with the one Entra ID handed out.
                try await AuthFixture.withClient(configuration) { client in try await client.databricks.workspace.mkdirs("/Shared/azure") }
                #expect(configuration.description.contains("Azure service principal app-1 of tenant tenant-1"))
            }
        }
    }

    @Test func anEntraRefusalNamesTheClientAndTheTenantButNotTheSecret() async throws {
        let answer: StandIn.Answer = { _ in
            (401, #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"#)
        }
        try await StandIn.run(answer) { standIn, login in
            let configuration = try AuthFixture.configuration(Self.environment(login: login), host: "http://127.0.0.1:1")
            let error = await expectDatabricksError(.unauthenticated) {
                try await AuthFixture.withClient(configuration) { client in _ = try await client.databricks.workspace.list("/") }
            }
            #expect(error?.message.contains("Entra ID token of \(AzureCloud.databricksResource) for client app-1") == true)
            #expect(error?.message.contains("\(login)/tenant-1/oauth2/token: invalid_client: AADSTS7000215") == true)
            #expect(error?.message.contains(Self.secret) == false)
            // A token request refused is not a workspace call refused: nothing is asked twice.
            #expect(standIn.requests.count == 1)
        }
    }

    @Test func theLoginEndpointFollowsTheAzureCloud() throws {
        let base = ["ARM_CLIENT_ID": "a", "ARM_CLIENT_SECRET": "s", "ARM_TENANT_ID": "t"]
        func login(_ host: String, _ extra: [String: String] = [:]) throws -> String? {
            guard
                case .azureClientSecret(_, _, _, let azure) = try AuthFixture.configuration(base.merging(extra) { $1 }, host: host)
                    .credentials
            else { return nil }
            return azure.loginEndpoint
        }
        #expect(try login("adb-1.2.azuredatabricks.net") == "https://login.microsoftonline.com/")
        #expect(try login("adb-1.2.databricks.azure.cn") == "https://login.chinacloudapi.cn/")
        #expect(try login("adb-1.2.databricks.azure.us") == "https://login.microsoftonline.us/")
        #expect(try login("adb-1.2.azuredatabricks.net", ["ARM_ENVIRONMENT": "AzureChinaCloud"]) == "https://login.chinacloudapi.cn/")
        #expect(try login("adb-1.2.azuredatabricks.net", ["ARM_ENVIRONMENT": "usgovernment"]) == "https://login.microsoftonline.us/")
        #expect(
            try login("adb-1.2.azuredatabricks.net", ["KILN_AZURE_LOGIN_ENDPOINT": "http://127.0.0.1:9/"]) == "http://127.0.0.1:9/")
        let error = AuthFixture.error(base.merging(["ARM_ENVIRONMENT": "mars"]) { $1 })
        #expect(error?.description == "azure_environment 'mars' from ARM_ENVIRONMENT must be PUBLIC, CHINA or USGOVERNMENT")
    }
}
