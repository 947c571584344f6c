import Foundation
import KilnAPI

/// What a task asks to have installed, sorted by installer: Python requirements (its `pypi`,
/// `whl` and `requirements` libraries, and its serverless environment's dependencies) and R
/// packages (`cran`). Libraries a local engine cannot take (`jar`, `maven`, `egg`) are refused
/// with a message, as a cluster fails a task whose library does not install.
struct TaskLibraries: Sendable, Hashable {
    /// A line pip takes, with the index to take it from.
    struct PythonRequirement: Sendable, Hashable {
        /// `pandas==2.2.3`, a local wheel's path, or `-r <local path>`.
        var line: String
        var index: String?
        /// The bytes of the wheel or requirements file the line names: a changed file is another set.
        var contentDigest: String?

        /// A bare name (`pytest`) with no index: a package this machine may already have.
        var isBareName: Bool { index == nil && contentDigest == nil && line.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._-]*/) != nil }
    }

    struct RPackage: Sendable, Hashable {
        var name: String
        var repo: String?
    }

    var python: [PythonRequirement] = []
    var r: [RPackage] = []

    var isEmpty: Bool { python.isEmpty && r.isEmpty }

    init(python: [PythonRequirement] = [], r: [RPackage] = []) {
        self.python = python
        self.r = r
    }

    /// Reads the task's libraries and its environment's dependencies; `resolve` turns a workspace,
    /// `dbfs:/` or `/Volumes/` path into a local file.
    init(libraries: [Library], environment: [String], resolve: (String) throws -> URL) throws {
        for library in libraries {
            if let pypi = library.pypi {
                python.append(PythonRequirement(line: pypi.package, index: pypi.repo))
            } else if let cran = library.cran {
                r.append(RPackage(name: cran.package, repo: cran.repo))
            } else if let wheel = library.whl {
                python.append(try Self.file(wheel, prefix: "", resolve: resolve))
            } else if let requirements = library.requirements {
                python.append(try Self.file(requirements, prefix: "-r ", resolve: resolve))
            } else {
                let kind = library.jar != nil ? "jar" : library.maven != nil ? "maven" : library.egg != nil ? "egg" : "unknown"
                throw LibraryInstallFailed(
                    message:
                        "Library installation failed: the embedded engine installs pypi, whl, requirements and cran libraries; "
                        + "this task asks for a \(kind) library, which needs a Databricks cluster. Run it on a workspace target.")
            }
        }
        for dependency in environment.map({ $0.trimmingCharacters(in: .whitespaces) }) where !dependency.isEmpty {
            if dependency.hasPrefix("-r ") {
                python.append(
                    try Self.file(String(dependency.dropFirst(3)).trimmingCharacters(in: .whitespaces), prefix: "-r ", resolve: resolve))
            } else if dependency.hasPrefix("/") || dependency.hasPrefix("dbfs:") {
                python.append(try Self.file(dependency, prefix: "", resolve: resolve))
            } else {
                python.append(PythonRequirement(line: dependency, index: nil))
            }
        }
    }

    private static func file(_ path: String, prefix: String, resolve: (String) throws -> URL) throws -> PythonRequirement {
        let local = try resolve(path)
        guard let data = FileManager.default.contents(atPath: local.path) else {
            throw LibraryInstallFailed(
                message: "Library installation failed: \(path) does not exist in the workspace or the engine's storage.")
        }
        return PythonRequirement(line: prefix + local.path, index: nil, contentDigest: Digest.sha256(data))
    }
}

/// A library did not install: the task fails with this, as on a cluster.
struct LibraryInstallFailed: Error, Sendable {
    var message: String
}
