/// How many requests a second a workspace takes at one endpoint before it answers 429 with
/// `Retry-After`. Databricks limits each endpoint of each workspace on its own (reference §6), so
/// a client that paces each endpoint separately may call two of them at their full rates at once,
/// and the server of the embedded engine can enforce the same limits (`kiln serve --rate-limits`).
public struct EndpointRateLimit: Sendable, Hashable {
    /// How errors and logs name it: `workspace/import`, `dbfs`.
    public let name: String
    public let perSecond: Double
    /// The API path after its version (`jobs/runs/get`), or the start of it when `prefix`.
    private let route: String
    private let prefix: Bool

    init(_ name: String, perSecond: Double, route: String? = nil, prefix: Bool = false) {
        self.name = name
        self.perSecond = perSecond
        self.route = route ?? name
        self.prefix = prefix
    }

    /// Whether a request to `path` (`/api/2.1/jobs/runs/get`) counts against this limit.
    public func matches(path: String) -> Bool {
        guard let route = Self.route(of: path) else { return false }
        return prefix ? route.hasPrefix(self.route) : route == self.route
    }

    /// `jobs/runs/get` of `/api/2.1/jobs/runs/get`: the limits hold for every version of an endpoint.
    private static func route(of path: String) -> Substring? {
        guard path.hasPrefix("/api/2."), let slash = path.dropFirst(7).firstIndex(of: "/") else { return nil }
        return path[path.index(after: slash)...]
    }

    /// The limits Azure Databricks publishes (reference §6); an endpoint not listed has none
    /// published. All DBFS calls share one limit.
    public static let databricks: [EndpointRateLimit] = [
        EndpointRateLimit("workspace/import", perSecond: 30),
        EndpointRateLimit("workspace/export", perSecond: 60),
        EndpointRateLimit("dbfs", perSecond: 30, route: "dbfs/", prefix: true),
        EndpointRateLimit("jobs/create", perSecond: 20),
        EndpointRateLimit("jobs/run-now", perSecond: 20),
        EndpointRateLimit("jobs/runs/submit", perSecond: 35),
        EndpointRateLimit("jobs/runs/get", perSecond: 100),
    ]

    /// The published limit a request to `path` counts against, if any.
    public static func published(for path: String) -> EndpointRateLimit? {
        databricks.first { $0.matches(path: path) }
    }
}
