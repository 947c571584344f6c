import Foundation
import KilnAPI
import Testing

@testable import KilnClient

/// `azure-cli` with a stand-in `az` on `PATH`: the commands the SDKs run, the token cached and
/// fetched again before it expires, a real call to `kiln serve`, and clear errors when `az` is
/// missing or not signed in.
@Suite("Auth: azure-cli", .timeLimit(.minutes(1)))
struct AzureCLITests {
    /// A folder with an executable `az` that logs its arguments to `calls` and runs `script`.
    struct FakeCLI {
        let folder = TemporaryFolder("kiln-az")

        init(_ script: String) throws {
            let az = try folder.write("bin/az", "#!/bin/sh\necho \"$*\" >> \"\(folder.path("calls").path)\"\n" + script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: az.path)
        }

        var path: String { folder.path("bin").path }
        var calls: [String] {
            ((try? String(contentsOf: folder.path("calls"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func environment(_ extra: [String: String] = [:]) -> [String: String] {
            ["DATABRICKS_AUTH_TYPE": "azure-cli", "PATH": "\(path):/usr/bin:/bin"].merging(extra) { $1 }
        }
    }

    /// An `az` that answers `account get-access-token` with `token`, expiring at `expiresOn` (seconds since 1970).
    static func signedIn(token: String, expiresOn: Int, user: String = "ci-app") throws -> FakeCLI {
        try FakeCLI(
            """
            case "$1 $2" in
              "account show") echo '{"user":{"name":"\(user)","type":"servicePrincipal"}}' ;;
              "account get-access-token") echo '{"accessToken":"\(token)","expiresOn":"2026-12-01 20:00:00.000000","expires_on":\(expiresOn),"subscription":"s","tenant":"t","tokenType":"Bearer"}' ;;
              *) echo "unexpected: $*" >&2; exit 2 ;;
            esac
            """)
    }

    @Test func runsAzAsTheSDKsDoCachesTheTokenAndCallsKilnServe() async throws {
        try await ServerFixture.run { api in
            let time = OAuthTests.ManualTime()
            let az = try Self.signedIn(token: api.token, expiresOn: Int(time.now.timeIntervalSince1970) + 3600)
            let configuration = try AuthFixture.configuration(az.environment(["ARM_TENANT_ID": "tenant-1"]), host: api.baseURL)
            #expect(configuration.credentials.description == "Azure CLI (\(az.path)/az, tenant tenant-1)")
            try await AuthFixture.withClient(configuration, time: time) { client in
                for _ in 1...3 { try await client.databricks.workspace.mkdirs("/Shared/cli") }
                #expect(
                    az.calls == [
                        "account show --output json",
                        "account get-access-token --resource \(AzureCloud.databricksResource) --output json --tenant tenant-1",
                        "account show --output json",
                        "account get-access-token --resource https://management.core.windows.net/ --output json --tenant tenant-1",
                    ])
                time.advance(by: 3600 - 59)
                _ = try await client.databricks.workspace.list("/Shared")
                #expect(az.calls.count == 8)
            }
        }
    }

    /// A service principal's login gives a management token, sent as SDK-go sends it; a user
    /// without access to the management endpoint gets none, and az is not asked again.
    @Test(arguments: [true, false])
    func theManagementTokenIsSentWhenTheLoginHasOne(loginHasOne: Bool) async throws {
        let az = try FakeCLI(
            """
            case "$4" in
              https://management.core.windows.net/) \(loginHasOne ? "echo '{\"accessToken\":\"management\",\"expires_on\":4102444800}'" : "echo 'ERROR: AADSTS50001: no access' >&2; exit 1") ;;
              *) echo '{"accessToken":"databricks","expires_on":4102444800}' ;;
            esac
            """)
        let answer: StandIn.Answer = { _ in emptyListing }
        try await StandIn.run(answer) { workspace, url in
            let configuration = try AuthFixture.configuration(
                az.environment(["DATABRICKS_AZURE_RESOURCE_ID": "/subscriptions/s"]), host: url)
            try await AuthFixture.withClient(configuration) { client in
                for _ in 1...2 { _ = try await client.databricks.workspace.list("/") }
            }
            for request in workspace.requests {
                #expect(request.headers["authorization"] == "Bearer databricks")
                #expect(request.headers["x-databricks-azure-sp-management-token"] == (loginHasOne ? "management" : nil))
                #expect(request.headers["x-databricks-azure-workspace-resource-id"] == "/subscriptions/s")
            }
            #expect(workspace.requests.count == 2 && az.calls.count == 2)
        }
    }

    @Test func aManagedIdentityLoginIsAskedWithoutTenant() async throws {
        let az = try Self.signedIn(token: "t", expiresOn: Int(Date().timeIntervalSince1970) + 3600, user: "systemAssignedIdentity")
        let source = AzureCLITokenSource(
            command: AzureCLICommand(executable: "\(az.path)/az", tenantId: "tenant-1", environment: az.environment()), resource: "r")
        _ = try await source.fetchToken(requestedAt: Date())
        #expect(az.calls.last == "account get-access-token --resource r --output json")
    }

    @Test func theLocalExpiresOnIsReadWhenExpiresOnSecondsIsMissing() async throws {
        let az = try FakeCLI(#"echo '{"accessToken":"t","expiresOn":"2030-01-02 03:04:05.123456","tokenType":"Bearer"}'"#)
        let source = AzureCLITokenSource(
            command: AzureCLICommand(executable: "\(az.path)/az", tenantId: nil, environment: az.environment()), resource: "r")
        let issued = try await source.fetchToken(requestedAt: Date())
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: issued.expiresAt)
        #expect([parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second] == [2030, 1, 2, 3, 4, 5])
    }

    @Test func notSignedInQuotesAzButNeverItsOutput() async throws {
        let az = try FakeCLI(
            """
            echo '{"accessToken":"eyJstdout-token"}'
            echo "ERROR: Please run 'az login' to setup account. eyJhbGciOi.eyJzdWIi.c2ln" >&2
            echo "second line" >&2
            exit 1
            """)
        let configuration = try AuthFixture.configuration(az.environment(), host: "http://127.0.0.1:1")
        let error = await expectDatabricksError(.unauthenticated) {
            try await AuthFixture.withClient(configuration) { client in _ = try await client.databricks.workspace.list("/") }
        }
        let message = try #require(error?.message)
        #expect(
            message.hasPrefix(
                "`az account get-access-token` failed (exited(1)): ERROR: Please run 'az login' to setup account. <redacted>;"))
        #expect(message.hasSuffix("sign in with `az login` or run Kiln in an AzureCLI@2 task"))
        #expect(!message.contains("eyJ") && !message.contains("second line"))
        #expect(az.calls.count == 1)
    }

    @Test func aMissingAzIsAConfigurationError() throws {
        let empty = TemporaryFolder("kiln-no-az")
        let error = AuthFixture.error(["DATABRICKS_AUTH_TYPE": "azure-cli", "PATH": empty.url.path])
        #expect(error?.kind == .incompleteCredentials)
        #expect(error?.description.contains("there is no `az` on PATH") == true)
        // Without an auth type, an Azure host with nothing configured falls through to a message naming every way.
        let fallback = AuthFixture.error(["PATH": empty.url.path])
        #expect(fallback?.kind == .missingCredentials)
        #expect(fallback?.description.contains("ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID") == true)
    }
}
