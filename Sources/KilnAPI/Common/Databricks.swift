/// The services of one workspace, real or embedded: what the pipeline is given to work with.
public struct Databricks: Sendable {
    public var workspace: any WorkspaceService
    public var dbfs: any DBFSService
    public var files: any FilesService
    public var jobs: any JobsService
    public var clusters: any ClustersService
    public var identity: any IdentityService
    public var secrets: any SecretsService

    public init(
        workspace: any WorkspaceService, dbfs: any DBFSService, files: any FilesService,
        jobs: any JobsService, clusters: any ClustersService, identity: any IdentityService, secrets: any SecretsService
    ) {
        self.workspace = workspace
        self.dbfs = dbfs
        self.files = files
        self.jobs = jobs
        self.clusters = clusters
        self.identity = identity
        self.secrets = secrets
    }
}
