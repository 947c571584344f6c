import Hummingbird
import KilnAPI

/// Clusters API: what a CI tool touches.
extension Router where Context == ServerContext {
    func addClustersRoutes(_ clusters: any ClustersService) {
        for version in ["2.0", "2.1"] {
            get("/api/\(version)/clusters/get") { request, _ in
                try Response.json(try await clusters.get(clusterId: try await request.parameters().required("cluster_id")))
            }
            post("/api/\(version)/clusters/start") { request, _ in
                try await clusters.start(clusterId: try await request.json(ClusterID.self).clusterId)
                return try Response.empty()
            }
        }
    }
}
