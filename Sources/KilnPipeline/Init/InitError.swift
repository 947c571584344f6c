/// Why `kiln init` wrote nothing: each names the path or flag at fault and what to do.
public struct InitError: Error, Sendable, CustomStringConvertible {
    public enum Problem: Sendable {
        case unreadable(String)
        case tooManyFiles(String, limit: Int)
        case noSuchFolder(flag: String, path: String)
        case noTestsIn(String)
        case noTests
        case unknownCI(String)
        case invalidStorageRoot(String)
        case invalidVariable(String)
        case outsideRepository(flag: String, path: String)
    }

    public var problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    public var description: String {
        switch problem {
        case .unreadable(let path):
            "cannot read \(path): run kiln init in the repository's root folder"
        case .tooManyFiles(let path, let limit):
            "\(path) holds more than \(limit) files, more than a model repository: run kiln init in the repository's root, "
                + "or name the folders with --notebooks and --tests"
        case .noSuchFolder(let flag, let path):
            "\(flag) \(path): no such folder in this repository"
        case .noTestsIn(let path):
            "--tests \(path): found no tests there (testthat's test*.R files, or pytest's test_*.py / *_test.py)"
        case .noTests:
            "found no tests to run: testthat files (tests/testthat/test-*.R) or pytest files (test_*.py, *_test.py); "
                + "write one, or name their folder with --tests FOLDER"
        case .unknownCI(let name):
            "--ci \(name): unknown CI; write azure, github, or both as azure,github"
        case .invalidStorageRoot(let root):
            "--storage-root \(root): write dbfs:/<folder> or /Volumes/<catalog>/<schema>/<volume>/<folder>"
        case .invalidVariable(let name):
            "--cluster-var \(name): name an environment variable with letters, digits and `_`, such as DATABRICKS_CLUSTER_ID"
        case .outsideRepository(let flag, let path):
            "\(flag) \(path) is outside the repository: name a folder inside it, relative to its root"
        }
    }
}
