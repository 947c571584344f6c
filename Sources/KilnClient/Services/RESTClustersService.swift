import KilnAPI

/// Clusters API 2.1 over HTTP.
struct RESTClustersService: ClustersService {
    let connection: WorkspaceConnection

    func get(clusterId: String) async throws -> ClusterDetails {
        try await connection.get("/api/2.1/clusters/get", [QueryItem("cluster_id", clusterId)], as: ClusterDetails.self)
    }

    /// Not repeated: a second start of a cluster that is starting is refused with INVALID_STATE.
    func start(clusterId: String) async throws {
        _ = try await connection.post("/api/2.1/clusters/start", ClusterID(clusterId: clusterId), repeatable: false)
    }
}
