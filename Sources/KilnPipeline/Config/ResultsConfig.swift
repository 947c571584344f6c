import Foundation

/// `results:` — where the tests write their JUnit XML, and where Kiln writes the merged file for the CI.
public struct ResultsConfig: Sendable, Hashable {
    /// The JUnit files, relative to the build's storage folder (default `results/**/*.xml`).
    public var path: Glob
    /// The merged JUnit file, relative to the folder of `kiln.yml` (default `kiln-results/junit.xml`).
    public var output: URL

    static let keys = ["path", "output"]

    init(_ node: ConfigNode?, directory: URL) throws(ConfigError) {
        let mapping = try node?.mapping(knownKeys: Self.keys)
        path =
            try mapping?["path"]?.glob(relativeTo: "the build's storage folder", example: "results/**/*.xml")
            ?? Glob.defaultResults
        output =
            try mapping?["output"]?.url(relativeTo: directory)
            ?? URL(fileURLWithPath: "kiln-results/junit.xml", relativeTo: directory)
    }
}

extension Glob {
    /// `results/**/*.xml`: testthat and pytest reports written under `results/` of the storage folder.
    static let defaultResults = try! Glob("results/**/*.xml")
}
