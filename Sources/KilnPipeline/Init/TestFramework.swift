import KilnAPI

/// A test framework `kiln init` sets a repository up for: how its tests are found, the notebook
/// that runs them on a cluster, and the libraries that notebook needs there.
public enum TestFramework: String, Sendable, Hashable, CaseIterable, Comparable {
    case testthat
    case pytest

    /// The language of its runner notebook.
    var language: NotebookLanguage {
        switch self {
        case .testthat: .r
        case .pytest: .python
        }
    }

    /// The runner notebook's file extension, as the Databricks CLI names R and Python sources.
    var notebookExtension: String {
        switch self {
        case .testthat: "R"
        case .pytest: "py"
        }
    }

    /// The libraries the runner's task installs on a cluster (Databricks Runtime has neither test
    /// framework; testthat's JunitReporter needs xml2).
    var libraries: [(kind: String, package: String)] {
        switch self {
        case .testthat: [("cran", "testthat"), ("cran", "xml2")]
        case .pytest: [("pypi", "pytest")]
        }
    }

    /// Whether a notebook's text runs this framework's suite, so that it is a test runner already.
    func isRunner(_ text: String) -> Bool {
        switch self {
        case .testthat: ["test_dir(", "test_check(", "test_local(", "testthat::test_"].contains { text.contains($0) }
        case .pytest: text.contains("pytest.main(")
        }
    }

    public static func < (lhs: TestFramework, rhs: TestFramework) -> Bool { lhs.rawValue < rhs.rawValue }
}
