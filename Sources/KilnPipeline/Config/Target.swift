import Foundation

/// A place builds run: the embedded engine on this machine, or a Databricks workspace.
public struct Target: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The embedded engine, its state kept in `state` (default `.kiln/engine` next to `kiln.yml`);
        /// `cranRepo` is the CRAN mirror of its R (`install.packages`, `cran` libraries without a
        /// `repo`), as a cluster's is set by its init script or the workspace's admin.
        case local(state: URL, cranRepo: URL? = nil)
        /// A Databricks workspace. Either may be absent: as with the Databricks tools, the host then comes
        /// from `DATABRICKS_HOST` or the profile, the profile from `DATABRICKS_CONFIG_PROFILE` or `DEFAULT`.
        case workspace(host: URL?, profile: String?)
    }

    /// The target that always exists, even when `targets:` does not name it.
    public static let localName = "local"

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    private static let defaultState = ".kiln/engine"
    /// The keys of `targets.local` and of a workspace target.
    static let localKeys = ["state", "cran_repo"]
    static let workspaceKeys = ["host", "profile"]

    static func defaultLocal(directory: URL) -> Target {
        Target(name: localName, kind: .local(state: URL(fileURLWithPath: defaultState, relativeTo: directory)))
    }

    init(name: String, _ node: ConfigNode, directory: URL) throws(ConfigError) {
        self.name = name
        if name == Self.localName {
            let mapping = try node.mapping(knownKeys: Self.localKeys)
            let state = try mapping["state"]?.nonEmptyString() ?? Self.defaultState
            let cranRepo = try mapping["cran_repo"].map { node throws(ConfigError) in
                try Self.url(node, example: "https://cloud.r-project.org", what: "a CRAN mirror's URL")
            }
            kind = .local(state: URL(fileURLWithPath: state, relativeTo: directory), cranRepo: cranRepo)
            return
        }
        let mapping = try node.mapping(knownKeys: Self.workspaceKeys)
        let host = try mapping["host"].map { node throws(ConfigError) in
            try Self.url(node, example: "https://adb-123.azuredatabricks.net", what: "a workspace URL")
        }
        kind = .workspace(host: host, profile: try mapping["profile"]?.nonEmptyString())
    }

    /// An `https://…` (or `http://`, as for `kiln serve` on loopback or a mirror inside a
    /// network) URL with a host.
    private static func url(_ node: ConfigNode, example: String, what: String) throws(ConfigError) -> URL {
        let text = try node.nonEmptyString()
        guard let url = URL(string: text), ["https", "http"].contains(url.scheme), url.host?.isEmpty == false else {
            throw node.invalid("`\(text)` is not \(what); write it like \(example)")
        }
        return url
    }
}
