import KilnAPI
import Testing

/// Clusters API, on both targets: the engine's one cluster is always running.
@Suite("Contract: clusters", .serialized, .timeLimit(.minutes(1)))
struct ClustersContractTests {
    static let localCluster = "0000-000000-kilnlocal"

    @Test(arguments: ContractTarget.allCases)
    func theLocalClusterRunsAndCannotBeStarted(_ target: ContractTarget) async throws {
        try await target.run { world in
            let cluster = try await world.clusters.get(clusterId: Self.localCluster)
            #expect(cluster.state == .running)
            #expect(cluster.clusterId == Self.localCluster)
            await expectError(DatabricksError(.invalidState, "Cluster \(Self.localCluster) is in unexpected state Running.")) {
                try await world.clusters.start(clusterId: Self.localCluster)
            }
            await expectError(.invalidParameter("Cluster 0123-456789-nothere does not exist")) {
                _ = try await world.clusters.get(clusterId: "0123-456789-nothere")
            }
        }
    }
}
