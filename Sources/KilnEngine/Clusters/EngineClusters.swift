import KilnAPI

/// The engine's one cluster: this machine. It is always RUNNING, and it answers to the id of
/// any cluster a job names in `existing_cluster_id`, so job templates written for a workspace
/// run here unchanged.
final class EngineClusters: ClustersService {
    static let clusterId = "0000-000000-kilnlocal"
    private let jobs: JobRepository

    init(jobs: JobRepository) {
        self.jobs = jobs
    }

    func get(clusterId: String) async throws -> ClusterDetails {
        let known = try clusterId == Self.clusterId || jobs.usesCluster(clusterId)
        guard known else {
            throw DatabricksError.invalidParameter("Cluster \(clusterId) does not exist")
        }
        var details = ClusterDetails(
            clusterId: clusterId, clusterName: "kiln embedded engine", state: .running,
            stateMessage: "Runs R and Python notebooks on this machine")
        details.sparkVersion = "kiln-embedded"
        details.nodeTypeId = "local"
        details.numWorkers = 0
        return details
    }

    func start(clusterId: String) async throws {
        _ = try await get(clusterId: clusterId)
        throw DatabricksError(.invalidState, "Cluster \(clusterId) is in unexpected state Running.")
    }
}
