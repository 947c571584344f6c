/// The Azure DevOps job whose OIDC token is asked for (its predefined variables).
public struct AzureDevOpsJob: Sendable, Equatable {
    public var collectionURI: String
    public var projectId: String
    public var planId: String
    public var jobId: String
    public var hostType: String

    /// In the order of the stored values: the access token first.
    static let variables = [
        "SYSTEM_ACCESSTOKEN", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "SYSTEM_TEAMPROJECTID", "SYSTEM_PLANID", "SYSTEM_JOBID",
        "SYSTEM_HOSTTYPE",
    ]

    /// The token endpoint, with the API version SDK-py asks for.
    var tokenURL: String {
        "\(collectionURI)\(projectId)/_apis/distributedtask/hubs/\(hostType)/plans/\(planId)/jobs/\(jobId)/oidctoken?api-version=7.2-preview.1"
    }
}
