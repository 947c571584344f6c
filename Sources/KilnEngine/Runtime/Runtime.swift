import Foundation
import KilnAPI

/// A language the engine executes: its interpreter, and the driver script that runs a program
/// folder with a `dbutils` written in that language.
struct Runtime: Sendable {
    var language: NotebookLanguage
    var interpreter: String
    var driver: URL
    var arguments: [String]

    /// The runtime for `language`, or a failure message saying why there is none.
    static func forLanguage(_ language: NotebookLanguage, environment: [String: String]) -> Result<Runtime, RuntimeUnavailable> {
        switch language {
        case .r:
            // As on a cluster, R reads the site's Rprofile and Renviron (its library paths, its
            // mirror); only a user's own ~/.Rprofile is left out, which CI should not depend on.
            return driver("driver", "R").map {
                Runtime(
                    language: .r, interpreter: environment["KILN_RSCRIPT"] ?? "Rscript", driver: $0, arguments: ["--no-init-file", $0.path])
            }
        case .python, .sql:
            // SQL notebooks run through Spark SQL in the Python driver (kiln_spark.py).
            return driver("driver", "py").map {
                Runtime(language: language, interpreter: environment["KILN_PYTHON"] ?? "python3", driver: $0, arguments: ["-u", $0.path])
            }
        default:
            return .failure(
                RuntimeUnavailable(
                    message:
                        "The embedded engine runs R, Python and SQL notebooks; this notebook is \(language.rawValue). Run it on a Databricks workspace (a target other than local)."
                ))
        }
    }

    private static func driver(_ name: String, _ fileExtension: String) -> Result<URL, RuntimeUnavailable> {
        guard let url = Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: "Shims") else {
            return .failure(
                RuntimeUnavailable(
                    message:
                        "The \(name).\(fileExtension) runtime script is missing from Kiln's resources (kiln_KilnEngine.resources next to the kiln binary); reinstall Kiln."
                ))
        }
        return .success(url)
    }
}

/// Why a task cannot run on this machine.
struct RuntimeUnavailable: Error, Sendable {
    var message: String
}
