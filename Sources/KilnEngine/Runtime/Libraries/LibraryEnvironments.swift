import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Installs a task's libraries before it runs, as a cluster does, into environments kept under
/// the state folder: one folder per exact set of libraries (named by its SHA-256), made once and
/// reused by every later run that asks for the same set, never shared with another set. A folder
/// appears only complete: installation goes to a scratch folder renamed into place, so a killed
/// install or two runs installing the same set at once never leave a half environment.
///
/// A package asked for by bare name only (`pytest`, `testthat`: no version, no index, no
/// repository) that this machine already has is used as it is, so the common job template runs
/// offline; anything else is installed. Python libraries go in with `pip install --target` and
/// reach the notebook on `PYTHONPATH`; R packages with `install.packages` and reach it on `R_LIBS`.
struct LibraryEnvironments: Sendable {
    let root: URL
    var environment: [String: String]

    /// What the notebook's process gets: the folders of its environments, if it has any.
    struct Prepared: Sendable, Equatable {
        var pythonPath: String?
        var rLibrary: String?
    }

    /// Where installers write their scratch files and where the run's log is.
    struct Context: Sendable {
        var python: String
        var rscript: String
        var logFile: URL
        var recordFolder: URL
        /// Tells the run what the task is doing while an environment is installed.
        var progress: (@Sendable (String) async -> Void)?
    }

    func prepare(_ libraries: TaskLibraries, context: Context) async throws -> Prepared {
        var prepared = Prepared()
        if !libraries.python.isEmpty {
            prepared.pythonPath = try await preparePython(libraries.python, context: context)?.path
        }
        if !libraries.r.isEmpty {
            prepared.rLibrary = try await prepareR(libraries.r, context: context)?.path
        }
        return prepared
    }

    // MARK: - Python

    private func preparePython(_ requirements: [TaskLibraries.PythonRequirement], context: Context) async throws -> URL? {
        let bare = requirements.filter(\.isBareName).map(\.line)
        // Only bare names can be this machine's own; without any, no interpreter is started to ask.
        let missing = bare.isEmpty ? [] : Set(try await lines(of: context.python, ["-c", Self.pythonMissing] + bare))
        let needed = requirements.filter { !$0.isBareName || missing.contains($0.line) }
        log(
            "libraries: \(bare.filter { !missing.contains($0) }.map { "\($0) (installed here)" }.joined(separator: ", "))",
            when: bare.count > missing.count, to: context)
        guard !needed.isEmpty else { return nil }
        let key = [context.python] + needed.map { "\($0.line)|\($0.index ?? "")|\($0.contentDigest ?? "")" }.sorted()
        return try await environment("python", key: key, names: needed.map(\.line), context: context) { folder in
            for (index, group) in Dictionary(grouping: needed, by: \.index).sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
                let lines = group.flatMap { $0.line.hasPrefix("-r ") ? ["-r", String($0.line.dropFirst(3))] : [$0.line] }
                let arguments =
                    ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--target", folder.path]
                    + (index.map { ["--index-url", $0] } ?? []) + lines
                try await install(context.python, arguments, what: group.map(\.line), context: context)
            }
        }
    }

    /// Prints the names among its arguments that are not installed distributions.
    private static let pythonMissing = """
        import importlib.metadata, sys
        for name in sys.argv[1:]:
            try:
                importlib.metadata.distribution(name)
            except importlib.metadata.PackageNotFoundError:
                print(name)
        """

    // MARK: - R

    private func prepareR(_ packages: [TaskLibraries.RPackage], context: Context) async throws -> URL? {
        let bare = packages.filter { $0.repo == nil }.map(\.name)
        let missing = bare.isEmpty ? [] : Set(try await lines(of: context.rscript, ["--no-init-file", "-e", Self.rMissing] + bare))
        let needed = packages.filter { $0.repo != nil || missing.contains($0.name) }
        log(
            "libraries: \(bare.filter { !missing.contains($0) }.map { "\($0) (installed here)" }.joined(separator: ", "))",
            when: bare.count > missing.count, to: context)
        guard !needed.isEmpty else { return nil }
        let key = [context.rscript, environment["KILN_CRAN_REPO"] ?? ""] + needed.map { "\($0.name)|\($0.repo ?? "")" }.sorted()
        return try await environment("r", key: key, names: needed.map(\.name), context: context) { folder in
            for (repo, group) in Dictionary(grouping: needed, by: \.repo).sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
                let arguments = ["--no-init-file", "-e", Self.rInstall, folder.path, repo ?? ""] + group.map(\.name)
                try await install(context.rscript, arguments, what: group.map(\.name), context: context)
            }
        }
    }

    /// Prints the packages among its arguments that R cannot load.
    private static let rMissing = """
        for (p in commandArgs(TRUE)) if (!requireNamespace(p, quietly = TRUE)) cat(p, "\\n", sep = "")
        """

    /// Installs packages into a library from a repository (else KILN_CRAN_REPO, else R's own
    /// mirror, else cloud.r-project.org), and fails naming those that did not install:
    /// install.packages only warns.
    private static let rInstall = """
        args <- commandArgs(TRUE); lib <- args[1]; repo <- args[2]; packages <- args[-(1:2)]
        if (!nzchar(repo)) repo <- Sys.getenv("KILN_CRAN_REPO")
        if (!nzchar(repo)) { repo <- getOption("repos"); if (identical(unname(repo["CRAN"]), "@CRAN@")) repo <- "https://cloud.r-project.org" }
        options(warn = 1)
        install.packages(packages, lib = lib, repos = repo)
        missing <- packages[!vapply(packages, function(p) requireNamespace(p, lib.loc = c(lib, .libPaths()), quietly = TRUE), logical(1))]
        if (length(missing)) { message("could not install ", paste(missing, collapse = ", "), " from ", paste(repo, collapse = " ")); quit(status = 1) }
        """

    // MARK: - Environments

    /// The environment for `key`: reused when it exists, else made by `install` in a scratch
    /// folder and renamed into place.
    private func environment(
        _ kind: String, key: [String], names: [String], context: Context, install: (URL) async throws -> Void
    ) async throws -> URL {
        let digest = Digest.sha256(key.joined(separator: "\n"))
        let folder = root.appendingPathComponent(kind).appendingPathComponent(digest)
        let described = names.joined(separator: ", ")
        if FileManager.default.fileExists(atPath: folder.path) {
            log("libraries: reusing the environment \(digest.prefix(12)) (\(described))", to: context)
            return folder
        }
        let scratch = root.appendingPathComponent(kind).appendingPathComponent(".\(digest)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        log("libraries: installing \(described) into the environment \(digest.prefix(12))", to: context)
        await context.progress?("Installing libraries: \(described)")
        try await install(scratch)
        await context.progress?("In run")
        do {
            try FileManager.default.moveItem(at: scratch, to: folder)
        } catch  where FileManager.default.fileExists(atPath: folder.path) {
            // Another run installed the same set meanwhile: theirs is as good.
        }
        return folder
    }

    /// Runs an installer, its output in the run's log; a failure carries the log's last lines.
    /// pip's settings (`PIP_INDEX_URL`, a mirror) and the CRAN mirror come from the engine's
    /// environment, where kiln.yml's settings are.
    private func install(_ executable: String, _ arguments: [String], what: [String], context: Context) async throws {
        let start = (try? FileManager.default.attributesOfItem(atPath: context.logFile.path)[.size] as? Int) ?? 0
        let runner = ProcessGroupRunner(
            executable: executable, arguments: arguments,
            environment: environment.filter { $0.key.hasPrefix("PIP_") || $0.key == "KILN_CRAN_REPO" },
            workingDirectory: root, logFile: context.logFile, recordFolder: context.recordFolder)
        let ending = try await runner.run()
        guard ending != .exited(0) else { return }
        let output = (try? Data(contentsOf: context.logFile)).map { String(decoding: $0.dropFirst(start), as: UTF8.self) } ?? ""
        let tail = output.split(separator: "\n").suffix(12).joined(separator: "\n")
        throw LibraryInstallFailed(message: "Library installation failed for \(what.joined(separator: ", ")):\n\(tail)")
    }

    /// The lines a short query prints (which packages are missing).
    private func lines(of executable: String, _ arguments: [String]) async throws -> [String] {
        let result = try await Subprocess.run(
            executable.contains("/") ? .path(FilePath(executable)) : .name(executable), arguments: Arguments(arguments),
            output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
        guard result.terminationStatus.isSuccess else {
            throw LibraryInstallFailed(
                message: "Library installation failed: \(executable) could not list its packages: \(result.standardError)")
        }
        return result.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func log(_ line: String, when condition: Bool = true, to context: Context) {
        guard condition else { return }
        if !FileManager.default.fileExists(atPath: context.logFile.path) {
            FileManager.default.createFile(atPath: context.logFile.path, contents: nil)
        }
        guard let handle = try? FileHandle(forWritingTo: context.logFile) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }
}
