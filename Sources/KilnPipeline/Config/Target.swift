import Foundation

/// A place builds run: the embedded engine on this machine, or a Databricks workspace.
public struct Target: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The embedded engine, its state kept in `state` (default `.kiln/engine` next to `kiln.yml`).
        case local(state: URL)
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
    static let localKeys = ["state"]
    static let workspaceKeys = ["host", "profile"]

    static func defaultLocal(directory: URL) -> Target {
        Target(name: localName, kind: .local(state: URL(fileURLWithPath: defaultState, relativeTo: directory)))
    }

    init(name: String, _ node: ConfigNode, directory: URL) throws(ConfigError) {
        self.name = name
        if name == Self.localName {
            let mapping = try node.mapping(knownKeys: Self.localKeys)
            let state = try mapping["state"]?.nonEmptyString() ?? Self.defaultState
            kind = .local(state: URL(fileURLWithPath: state, relativeTo: directory))
            return
        }
        let mapping = try node.mapping(knownKeys: Self.workspaceKeys)
        let host = try mapping["host"].map(Self.host)
        kind = .workspace(host: host, profile: try mapping["profile"]?.nonEmptyString())
    }

    /// A workspace URL: `https://…` (or `http://` for `kiln serve` on loopback) with a host.
    private static func host(_ node: ConfigNode) throws(ConfigError) -> URL {
        let text = try node.nonEmptyString()
        guard let url = URL(string: text), ["https", "http"].contains(url.scheme), url.host?.isEmpty == false else {
            throw node.invalid("`\(text)` is not a workspace URL; write it like https://adb-123.azuredatabricks.net")
        }
        return url
    }
}
