/// The `state` of a cluster.
public struct ClusterState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let pending: ClusterState = "PENDING"
    public static let running: ClusterState = "RUNNING"
    public static let restarting: ClusterState = "RESTARTING"
    public static let resizing: ClusterState = "RESIZING"
    public static let terminating: ClusterState = "TERMINATING"
    public static let terminated: ClusterState = "TERMINATED"
    public static let error: ClusterState = "ERROR"
    public static let unknown: ClusterState = "UNKNOWN"
}

/// A cluster as `clusters/get` describes it.
public struct ClusterDetails: Codable, Sendable, Hashable {
    public var clusterId: String
    public var clusterName: String?
    public var state: ClusterState
    public var stateMessage: String?
    public var sparkVersion: String?
    public var nodeTypeId: String?
    public var numWorkers: Int?
    public var startTime: Int64?

    public init(clusterId: String, clusterName: String?, state: ClusterState, stateMessage: String? = nil) {
        self.clusterId = clusterId
        self.clusterName = clusterName
        self.state = state
        self.stateMessage = stateMessage
    }

    enum CodingKeys: String, CodingKey {
        case clusterId = "cluster_id"
        case clusterName = "cluster_name"
        case state
        case stateMessage = "state_message"
        case sparkVersion = "spark_version"
        case nodeTypeId = "node_type_id"
        case numWorkers = "num_workers"
        case startTime = "start_time"
    }
}

/// `{"cluster_id": …}`: the request of `clusters/start`.
public struct ClusterID: Codable, Sendable, Hashable {
    public var clusterId: String
    public init(clusterId: String) { self.clusterId = clusterId }
    enum CodingKeys: String, CodingKey { case clusterId = "cluster_id" }
}

/// Clusters API: what a CI tool touches.
public protocol ClustersService: Sendable {
    func get(clusterId: String) async throws -> ClusterDetails
    /// Starts a TERMINATED cluster; any other state is `INVALID_STATE`.
    func start(clusterId: String) async throws
}
