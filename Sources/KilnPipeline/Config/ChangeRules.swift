/// `changes:` — which changed files make a build necessary, and what to compare with.
public struct ChangeRules: Sendable, Hashable {
    /// A build is needed when a changed file matches one of these, relative to the folder of `kiln.yml`.
    /// Default: the notebooks folder and the artifacts, i.e. what a build stages.
    public var paths: [Glob]
    /// The base ref used when neither `--base` nor the CI names one (a push build, a local run).
    public var base: String?

    static let keys = ["paths", "base"]

    init(_ node: ConfigNode?, defaultPaths: [Glob]) throws(ConfigError) {
        let mapping = try node?.mapping(knownKeys: Self.keys)
        paths = try mapping?["paths"]?.globs(relativeTo: "the repository", example: "models/**") ?? defaultPaths
        base = try mapping?["base"]?.nonEmptyString()
    }
}
