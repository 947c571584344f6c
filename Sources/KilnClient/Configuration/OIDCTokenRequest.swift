import Foundation

/// Where a CI pipeline's OIDC ID token comes from, as SDK-py's `oidc_token_supplier.py` asks for it.
public enum OIDCTokenRequest: Sendable, Equatable, CustomStringConvertible {
    /// `GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=…` with `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.
    case gitHubActions(url: String, token: Secret)
    /// `POST <collection>{project}/_apis/distributedtask/hubs/{hub}/plans/{plan}/jobs/{job}/oidctoken`
    /// with `SYSTEM_ACCESSTOKEN`.
    case azureDevOps(AzureDevOpsJob, accessToken: Secret)

    public var description: String {
        switch self {
        case .gitHubActions: "GitHub Actions OIDC token"
        case .azureDevOps(let job, _): "Azure DevOps OIDC token of job \(job.jobId)"
        }
    }

    /// The URL the token is asked at.
    func url(audience: String) -> String {
        switch self {
        case .gitHubActions(let url, _): "\(url)&audience=\(QueryString.escape(audience))"
        case .azureDevOps(let job, _): job.tokenURL
        }
    }

    /// Whether the request URL is one (`url(audience:).baseAndTarget` is not nil).
    var isCallable: Bool { url(audience: "").baseAndTarget != nil }

    /// The variables of a GitHub Actions job with `id-token: write`.
    static let gitHubVariables = ["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"]

    /// The request the environment allows, or the names of the variables it lacks.
    static func gitHub(_ environment: [String: String]) -> Result<OIDCTokenRequest, MissingVariables> {
        let values = gitHubVariables.compactMap { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }
        guard values.count == gitHubVariables.count else { return .failure(MissingVariables(environment, gitHubVariables)) }
        return checked(.gitHubActions(url: values[0], token: Secret(values[1])), gitHubVariables[0])
    }

    static func azureDevOps(_ environment: [String: String]) -> Result<OIDCTokenRequest, MissingVariables> {
        let values = AzureDevOpsJob.variables.compactMap { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }
        guard values.count == AzureDevOpsJob.variables.count else {
            return .failure(MissingVariables(environment, AzureDevOpsJob.variables))
        }
        let job = AzureDevOpsJob(collectionURI: values[1], projectId: values[2], planId: values[3], jobId: values[4], hostType: values[5])
        return checked(.azureDevOps(job, accessToken: Secret(values[0])), AzureDevOpsJob.variables[1])
    }

    private static func checked(_ request: OIDCTokenRequest, _ variable: String) -> Result<OIDCTokenRequest, MissingVariables> {
        request.isCallable ? .success(request) : .failure(MissingVariables(names: [variable], reason: "is not a URL"))
    }

    /// Variables a pipeline did not set (or set to something unusable), for the error that names them.
    struct MissingVariables: Error {
        var names: [String]
        var reason = "not set"

        init(names: [String], reason: String) {
            self.names = names
            self.reason = reason
        }

        init(_ environment: [String: String], _ wanted: [String]) {
            names = wanted.filter { (environment[$0] ?? "").isEmpty }
        }
    }
}
