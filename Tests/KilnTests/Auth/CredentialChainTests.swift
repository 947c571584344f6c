import Foundation
import Testing

@testable import KilnClient

/// Which credential the configuration settles on, as the SDKs' chain would, and what its errors
/// and descriptions say.
@Suite("Auth: choosing the credential")
struct CredentialChainTests {
    static let azureHost = "https://adb-1.2.azuredatabricks.net"
    static let servicePrincipal = ["ARM_CLIENT_ID": "app-1", "ARM_CLIENT_SECRET": "entra-secret", "ARM_TENANT_ID": "tenant-1"]

    func authType(_ environment: [String: String], host: String = azureHost) throws -> String {
        try AuthFixture.configuration(environment, host: host).credentials.authType
    }

    @Test func theDefaultChainFollowsTheSDKsOrder() throws {
        let az = try AzureCLITests.signedIn(token: "t", expiresOn: 0)
        #expect(try authType(["DATABRICKS_TOKEN": "dapi"]) == "pat")
        #expect(try authType(["DATABRICKS_CLIENT_ID": "c", "DATABRICKS_CLIENT_SECRET": "s"]) == "oauth-m2m")
        #expect(
            try authType([
                "DATABRICKS_CLIENT_ID": "c", "ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1/t?a=1",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "r",
            ]) == "github-oidc")
        #expect(try authType(Self.servicePrincipal) == "azure-client-secret")
        #expect(try authType(Self.servicePrincipal.merging(["ARM_USE_MSI": "true", "PATH": az.path]) { $1 }) == "azure-msi")
        #expect(try authType(["PATH": az.path]) == "azure-cli")
        #expect(try authType(["PATH": az.path, "DATABRICKS_AZURE_RESOURCE_ID": "/subscriptions/s"]) == "azure-cli")
    }

    @Test func anExplicitAuthTypeIsUsedWhateverTheHost() throws {
        let environment = Self.servicePrincipal.merging(["DATABRICKS_AUTH_TYPE": "azure-client-secret"]) { $1 }
        #expect(try authType(environment, host: "http://127.0.0.1:8080") == "azure-client-secret")
        // Without it, Azure methods are not tried for a host outside Azure, and the error says so.
        let error = AuthFixture.error(Self.servicePrincipal, host: "http://127.0.0.1:8080")
        #expect(error?.kind == .missingCredentials)
        #expect(error?.description.contains("the Azure methods are tried only for an Azure Databricks host") == true)
    }

    @Test func twoFamiliesNeedAnAuthType() {
        let error = AuthFixture.error(Self.servicePrincipal.merging(["DATABRICKS_TOKEN": "dapi"]) { $1 })
        #expect(error?.kind == .conflictingCredentials)
        #expect(
            error?.description.hasPrefix(
                "more than one authorization method configured: pat (token from DATABRICKS_TOKEN) and azure (azure_client_id from ARM_CLIENT_ID)"
            ) == true)
    }

    @Test func missingValuesNameTheVariableAndTheProfileKey() {
        let error = AuthFixture.error(["DATABRICKS_AUTH_TYPE": "azure-client-secret", "ARM_CLIENT_ID": "a", "ARM_CLIENT_SECRET": "s"])
        #expect(error?.kind == .incompleteCredentials)
        #expect(
            error?.description.hasPrefix(
                "auth_type azure-client-secret needs azure_tenant_id: set ARM_TENANT_ID or add azure_tenant_id to profile [DEFAULT]")
                == true)
        let noSecret = AuthFixture.error(["DATABRICKS_AUTH_TYPE": "azure-client-secret", "ARM_CLIENT_ID": "a", "ARM_TENANT_ID": "t"])
        #expect(
            noSecret?.description.hasPrefix(
                "auth_type azure-client-secret needs azure_client_secret as well as azure_client_id (from ARM_CLIENT_ID): set ARM_CLIENT_SECRET or add azure_client_secret"
            ) == true)
        #expect(AuthFixture.error(["DATABRICKS_AUTH_TYPE": "databricks-cli"])?.kind == .unsupportedAuthType)
    }

    @Test func profileKeysConfigureAzureToo() throws {
        let folder = TemporaryFolder("kiln-azure-profile")
        try folder.write(
            ".databrickscfg",
            "[ci]\nhost = adb-1.2.azuredatabricks.net\nazure_client_id = app-1\nazure_client_secret = s\nazure_tenant_id = t\nazure_workspace_resource_id = /subscriptions/x\n"
        )
        let configuration = try WorkspaceConfiguration.resolve(
            ConnectionOptions(profile: "ci"), environment: [:], homeDirectory: folder.url)
        #expect(
            configuration.credentials
                == .azureClientSecret(
                    clientId: "app-1", clientSecret: Secret("s"), tenantId: "t",
                    azure: AzureSettings(workspaceResourceId: "/subscriptions/x")))
    }

    @Test func descriptionsSayWhichCredentialAndShowNoSecret() throws {
        let az = try AzureCLITests.signedIn(token: "t", expiresOn: 0)
        let environments: [[String: String]] = [
            ["DATABRICKS_TOKEN": "dapi-hush"],
            ["DATABRICKS_CLIENT_ID": "c", "DATABRICKS_CLIENT_SECRET": "hush"],
            Self.servicePrincipal.merging(["ARM_CLIENT_SECRET": "hush"]) { $1 },
            ["PATH": az.path, "HIDDEN": "hush"],
            [
                "DATABRICKS_AUTH_TYPE": "azure-devops-oidc", "SYSTEM_ACCESSTOKEN": "hush",
                "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI": "http://h/",
                "SYSTEM_TEAMPROJECTID": "p", "SYSTEM_PLANID": "p", "SYSTEM_JOBID": "j", "SYSTEM_HOSTTYPE": "build",
            ],
            ["DATABRICKS_TOKEN": "t", "HTTPS_PROXY": "http://user:hush@proxy.example.com:3128"],
        ]
        var descriptions: [String] = []
        for environment in environments {
            let configuration = try AuthFixture.configuration(environment, host: Self.azureHost)
            var dumped = ""
            dump(configuration, to: &dumped)
            descriptions.append(configuration.credentials.description)
            #expect(!dumped.contains("hush"), "\(dumped)")
            #expect(!String(describing: configuration).contains("hush"))
        }
        #expect(
            descriptions == [
                "personal access token", "OAuth M2M as client c",
                "Azure service principal app-1 of tenant tenant-1, client secret exchanged at https://login.microsoftonline.com/",
                "Azure CLI (\(az.path)/az)", "Azure DevOps OIDC token of job j exchanged at /oidc/v1/token",
                "personal access token",
            ])
    }
}
