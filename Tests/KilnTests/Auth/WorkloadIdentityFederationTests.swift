import Foundation
import KilnAPI
import KilnServer
import Testing

@testable import KilnClient

/// `github-oidc` and `azure-devops-oidc`: the pipeline's OIDC token asked for exactly as SDK-py
/// asks (stand-in issuers on loopback), exchanged with SDK-py's form, and a real call to
/// `kiln serve`, whose token endpoint trusts the issued token for the client.
@Suite("Auth: workload identity federation", .timeLimit(.minutes(1)))
struct WorkloadIdentityFederationTests {
    static let subjectToken = "eyJpipeline.\(UUID().uuidString).sig"
    static let client = OAuthClient(id: "ci-app", secret: "unused-\(UUID().uuidString)", federatedToken: subjectToken)

    @Test func gitHubActionsTokenIsExchangedAtKilnServe() async throws {
        try await ServerFixture.run(oauthClient: Self.client) { api in
            let answer: StandIn.Answer = { _ in (200, #"{"count":1,"value":"\#(Self.subjectToken)"}"#) }
            try await StandIn.run(answer) { issuer, url in
                let environment = [
                    "DATABRICKS_CLIENT_ID": "ci-app", "ACTIONS_ID_TOKEN_REQUEST_URL": "\(url)/_apis/idtoken?api-version=2.0",
                    "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token",
                ]
                // Chosen by the default chain: a client id and GitHub's variables, nothing else.
                let configuration = try AuthFixture.configuration(environment, host: api.baseURL)
                #expect(configuration.credentials.authType == "github-oidc")
                #expect(configuration.credentials.description == "GitHub Actions OIDC token exchanged at /oidc/v1/token for client ci-app")
                try await AuthFixture.withClient(configuration) { client in try await client.databricks.workspace.mkdirs("/Shared/gh") }
                let request = try #require(issuer.requests.first)
                #expect(issuer.requests.count == 1)
                #expect(request.method == "GET" && request.path == "/_apis/idtoken")
                #expect(request.query == ["api-version": "2.0", "audience": "\(api.baseURL)/oidc/v1/token"])
                #expect(request.headers["authorization"] == "Bearer request-token")
            }
        }
    }

    @Test func azureDevOpsTokenIsExchangedAtKilnServe() async throws {
        try await ServerFixture.run(oauthClient: Self.client) { api in
            let answer: StandIn.Answer = { _ in (200, #"{"oidcToken":"\#(Self.subjectToken)"}"#) }
            try await StandIn.run(answer) { issuer, url in
                let environment = [
                    "DATABRICKS_AUTH_TYPE": "azure-devops-oidc", "DATABRICKS_CLIENT_ID": "ci-app", "SYSTEM_ACCESSTOKEN": "system-token",
                    "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI": "\(url)/org/", "SYSTEM_TEAMPROJECTID": "project-1", "SYSTEM_PLANID": "plan-1",
                    "SYSTEM_JOBID": "job-1", "SYSTEM_HOSTTYPE": "build",
                ]
                let configuration = try AuthFixture.configuration(environment, host: api.baseURL)
                #expect(
                    configuration.credentials.description
                        == "Azure DevOps OIDC token of job job-1 exchanged at /oidc/v1/token for client ci-app")
                try await AuthFixture.withClient(configuration) { client in try await client.databricks.workspace.mkdirs("/Shared/ado") }
                let request = try #require(issuer.requests.first)
                #expect(request.method == "POST")
                #expect(request.path == "/org/project-1/_apis/distributedtask/hubs/build/plans/plan-1/jobs/job-1/oidctoken")
                #expect(request.query == ["api-version": "7.2-preview.1"])
                #expect(request.headers["authorization"] == "Bearer system-token")
                #expect(request.headers["content-type"] == "application/json" && request.headers["content-length"] == "0")
                #expect(request.body.isEmpty)
            }
        }
    }

    @Test func theExchangeSendsTheSDKsFormAndAnotherPipelineTokenEachTime() async throws {
        let issued = Counter()
        let answer: StandIn.Answer = { request in
            switch request.path {
            case "/oidc/v1/token": tokenAnswer("databricks-\(issued.next())", lifetime: 3600)
            case "/idtoken": (200, #"{"value":"\#(Self.subjectToken)"}"#)
            default: emptyListing
            }
        }
        try await StandIn.run(answer) { standIn, url in
            let time = OAuthTests.ManualTime()
            let environment = [
                "DATABRICKS_AUTH_TYPE": "github-oidc", "ACTIONS_ID_TOKEN_REQUEST_URL": "\(url)/idtoken?x=1",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token", "DATABRICKS_TOKEN_AUDIENCE": "databricks-audience",
            ]
            try await AuthFixture.withClient(try AuthFixture.configuration(environment, host: url), time: time) { client in
                _ = try await client.databricks.workspace.list("/")
                time.advance(by: 3600 - 59)
                _ = try await client.databricks.workspace.list("/")
            }
            let exchanges = standIn.requests(to: "/oidc/v1/token")
            #expect(exchanges.count == 2)
            #expect(standIn.requests(to: "/idtoken").count == 2)
            #expect(standIn.requests(to: "/idtoken").first?.query["audience"] == "databricks-audience")
            let exchange = try #require(exchanges.first)
            #expect(exchange.headers["content-type"] == "application/x-www-form-urlencoded" && exchange.headers["authorization"] == nil)
            // No client id configured: an account-wide federation policy; the field is left out.
            #expect(exchange.formNames == ["grant_type", "scope", "subject_token_type", "subject_token"])
            #expect(exchange.form["grant_type"] == "urn:ietf:params:oauth:grant-type:token-exchange")
            #expect(exchange.form["subject_token_type"] == "urn:ietf:params:oauth:token-type:jwt")
            #expect(exchange.form["scope"] == "all-apis" && exchange.form["subject_token"] == Self.subjectToken)
            #expect(
                standIn.requests(to: "/workspace/list").map { $0.headers["authorization"] } == [
                    "Bearer databricks-1", "Bearer databricks-2",
                ])
        }
    }

    @Test func missingPipelineVariablesAreNamed() {
        let gitHub = AuthFixture.error(["DATABRICKS_AUTH_TYPE": "github-oidc", "ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1/t?a=1"])
        #expect(
            gitHub?.description
                == "auth_type github-oidc needs the pipeline's OIDC variables, but ACTIONS_ID_TOKEN_REQUEST_TOKEN not set: GitHub Actions sets them for a job with `permissions: id-token: write`"
        )
        let devOps = AuthFixture.error(["DATABRICKS_AUTH_TYPE": "azure-devops-oidc", "SYSTEM_JOBID": "j"])
        #expect(devOps?.kind == .incompleteCredentials)
        #expect(devOps?.description.contains("SYSTEM_ACCESSTOKEN, SYSTEM_TEAMFOUNDATIONCOLLECTIONURI") == true)
        #expect(devOps?.description.contains("env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)") == true)
    }
}
