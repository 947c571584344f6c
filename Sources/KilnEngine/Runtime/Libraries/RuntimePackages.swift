import Foundation

/// What a Databricks Runtime has preinstalled that notebooks import without declaring it: pandas
/// and numpy, and pyspark for Spark (the versions of Databricks Runtime 17.3 LTS, with the Spark
/// the engine is tested with). The engine installs a set when a notebook first imports one of its
/// modules and the runtime's Python does not have it (kiln_notebook_calls.py), into an
/// environment kept like a task library's (``LibraryEnvironments``): a notebook that never
/// imports them pays nothing, and later runs reuse the environment.
///
/// `KILN_RUNTIME_PACKAGES` replaces the sets (`module[,module…]=requirement[ requirement…]`, sets
/// separated by `;`): for another runtime's versions, or for tests, which install from an index
/// on disk. pip's own settings (`PIP_INDEX_URL`, a mirror) apply as they do to task libraries.
struct RuntimePackages: Sendable, Equatable {
    /// The requirement lines of the set that holds each module.
    private(set) var sets: [String: [String]] = [:]

    static let databricksRuntime = "pandas,numpy=pandas==2.2.3 numpy==2.1.3;pyspark=pyspark==4.3.0"

    init(environment: [String: String]) {
        for set in (environment["KILN_RUNTIME_PACKAGES"] ?? Self.databricksRuntime).split(separator: ";") {
            let parts = set.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let requirements = parts[1].split(separator: " ").map(String.init)
            for module in parts[0].split(separator: ",") {
                sets[module.trimmingCharacters(in: .whitespaces)] = requirements
            }
        }
    }

    /// The modules the driver installs on first import, for `KILN_RUNTIME_MODULES`.
    var modules: String { sets.keys.sorted().joined(separator: ",") }

    /// The libraries to install for `module`; nil for a module that is not in any set.
    func libraries(for module: String) -> TaskLibraries? {
        sets[module].map { TaskLibraries(python: $0.map { TaskLibraries.PythonRequirement(line: $0, index: nil) }) }
    }
}
