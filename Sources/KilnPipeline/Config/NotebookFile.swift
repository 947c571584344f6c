import Foundation

/// The files of the notebooks folder that are notebooks, by the extensions the Databricks CLI imports.
enum NotebookFile {
    static let extensions = ["py", "r", "R", "sql", "scala", "ipynb"]

    /// `run_tests` for `run_tests.R`: the name a notebook has once imported into the workspace.
    static func nameWithoutExtension(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        guard extensions.contains(url.pathExtension) else { return path }
        return String(path.dropLast(url.pathExtension.count + 1))
    }

    /// The notebook file named `name` (without extension) in `folder`, if there is one.
    static func find(_ name: String, in folder: URL) -> URL? {
        extensions.lazy
            .map { folder.appendingPathComponent("\(name).\($0)") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
