/// The choices `kiln init` takes as flags; anything left nil is found by scanning the repository.
public struct InitOptions: Sendable {
    /// The CI systems whose pipeline files `kiln init` writes.
    public enum CISystem: String, Sendable, Hashable, CaseIterable, Comparable {
        case azure
        case github

        public static func < (lhs: CISystem, rhs: CISystem) -> Bool { lhs.rawValue < rhs.rawValue }

        /// `azure,github` → both; an unknown name is an error that lists the known ones.
        public static func list(_ text: String) throws(InitError) -> Set<CISystem> {
            var systems: Set<CISystem> = []
            for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                switch name {
                case "azure", "azure-devops", "azure-pipelines", "ado": systems.insert(.azure)
                case "github", "github-actions", "gh": systems.insert(.github)
                case "none", "": continue
                default: throw InitError(.unknownCI(name))
                }
            }
            return systems
        }
    }

    /// The folder of the notebooks, relative to the repository's root.
    public var notebooks: String?
    /// The folders of the tests, relative to the repository's root.
    public var tests: [String]
    public var storageRoot: String
    /// The environment variable (and CI variable) that holds the id of the cluster the tests run on.
    public var clusterVariable: String
    public var ci: Set<CISystem>
    /// Overwrite files that exist.
    public var force: Bool

    public static let defaultStorageRoot = "dbfs:/kiln/build"
    public static let defaultClusterVariable = "DATABRICKS_CLUSTER_ID"

    public init(
        notebooks: String? = nil, tests: [String] = [], storageRoot: String = defaultStorageRoot,
        clusterVariable: String = defaultClusterVariable, ci: Set<CISystem> = [], force: Bool = false
    ) {
        self.notebooks = notebooks
        self.tests = tests
        self.storageRoot = storageRoot
        self.clusterVariable = clusterVariable
        self.ci = ci
        self.force = force
    }
}
