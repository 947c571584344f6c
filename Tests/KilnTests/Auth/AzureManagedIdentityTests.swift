import Foundation
import KilnAPI
import Testing

@testable import KilnClient

/// `azure-msi` against a stand-in instance metadata service on loopback (never 169.254.169.254):
/// the request SDK-go makes, and a real call to `kiln serve` with the identity's token.
@Suite("Auth: azure-msi", .timeLimit(.minutes(1)))
struct AzureManagedIdentityTests {
    @Test func asksTheMetadataServiceAsTheSDKDoesAndCallsKilnServe() async throws {
        try await ServerFixture.run { api in
            let answer: StandIn.Answer = { request in
                let token = request.query["resource"] == AzureCloud.databricksResource ? api.token : "management"
                let expiresOn = Int(Date().timeIntervalSince1970) + 3599
                return (
                    200,
                    #"{"access_token":"\#(token)","expires_in":"3599","expires_on":"\#(expiresOn)","resource":"r","token_type":"Bearer"}"#
                )
            }
            try await StandIn.run(answer) { metadata, url in
                let environment = [
                    "DATABRICKS_AUTH_TYPE": "azure-msi", "ARM_CLIENT_ID": "identity-1", "KILN_AZURE_METADATA_ENDPOINT": url,
                ]
                let configuration = try AuthFixture.configuration(environment, host: api.baseURL)
                #expect(configuration.credentials.description == "Azure managed identity identity-1 from \(url)")
                try await AuthFixture.withClient(configuration) { client in
                    try await client.databricks.workspace.mkdirs("/Shared/msi")
                    _ = try await client.databricks.workspace.list("/Shared")
                }
                let requests = metadata.requests
                #expect(requests.count == 2)
                for request in requests {
                    #expect(request.method == "GET" && request.path == "/metadata/identity/oauth2/token")
                    #expect(request.headers["metadata"] == "true")
                    #expect(request.query["api-version"] == "2018-02-01" && request.query["client_id"] == "identity-1")
                }
                #expect(
                    Set(requests.compactMap { $0.query["resource"] }) == [
                        AzureCloud.databricksResource, "https://management.core.windows.net/",
                    ])
            }
        }
    }

    @Test func theDefaultChainUsesItOnlyWhenAskedForOnAnAzureHost() throws {
        let configuration = try AuthFixture.configuration(["ARM_USE_MSI": "true"], host: "adb-1.2.azuredatabricks.net")
        #expect(configuration.credentials == .azureManagedIdentity(clientId: nil, azure: AzureSettings()))
        #expect(configuration.credentials.description == "Azure managed identity (system-assigned) from http://169.254.169.254")
        #expect(AuthFixture.error(["ARM_USE_MSI": "true"], host: "https://x.cloud.databricks.com")?.kind == .missingCredentials)
    }
}
