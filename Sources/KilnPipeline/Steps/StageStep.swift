import Foundation
import KilnAPI

/// Step 3: the build's notebooks into `<workspace_root>/<repo>/<build-id>/` and its artifacts
/// (model files, test scripts, test data) into `<storage_root>/<repo>/<build-id>/`, both with
/// bounded parallelism, plus the `build.json` manifest.
public struct StageStep: Sendable {
    public var session: BuildSession
    public init(session: BuildSession) { self.session = session }

    public struct Staged: Sendable {
        public var notebooks: Int
        public var artifacts: Int
        public var bytes: Int64
    }

    public func run(startedAt: Date = Date()) async throws -> Staged {
        let notebooks: [LocalFiles.Notebook]
        let directory = session.config.directory
        let artifactFiles: [String]
        do {
            notebooks = try LocalFiles.notebooks(in: session.config.notebooks, linksWithin: directory)
            artifactFiles = try LocalFiles.matching(session.config.artifacts, in: directory, linksWithin: directory)
        } catch let refused as LinkOutsideError {
            throw StageError.linkOutside(refused)
        }
        guard !notebooks.isEmpty else { throw StageError.noNotebooks(session.config.notebooks.path) }
        if let clash = Dictionary(grouping: notebooks, by: \.workspaceName).values.first(where: { $0.count > 1 }) {
            throw StageError.sameWorkspaceName(clash.map(\.file.lastPathComponent).sorted(), name: clash[0].workspaceName)
        }
        for notebook in notebooks { try Self.check(notebook.file) }
        // Every file is found (and a link outside the repository refused) before anything is written.
        let storageDir = try session.storageDir()
        let artifacts = try artifactFiles.map { relative in
            StagedFile(source: directory.appendingPathComponent(relative), destination: try storageDir.appending(relative))
        }
        try await refuseExistingBuild()
        // The manifest comes first: it says, to retention and to other builds, that this one is under way.
        var manifest = BuildManifest(context: session.context, target: session.target.name, startedAt: startedAt)
        try await session.writeManifest(manifest)
        // Notebooks and artifacts go at once: a workspace limits each endpoint on its own, so
        // staging takes as long as the slower of the two, not their sum. The first failure stops both.
        let staged = try await withThrowingTaskGroup(of: StagingProgress?.self) { group in
            group.addTask {
                try await importNotebooks(notebooks)
                return nil
            }
            group.addTask {
                try await session.storage.stage(artifacts) { progress in
                    session.observer.handle(
                        .staging(
                            done: progress.filesDone, total: progress.filesTotal,
                            bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal))
                }
            }
            var artifactsStaged = StagingProgress(filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0)
            for try await case let progress? in group { artifactsStaged = progress }
            return artifactsStaged
        }
        manifest.state = "staged"
        try await session.writeManifest(manifest)
        session.observer.handle(
            .staged(
                notebooks: notebooks.count, artifacts: artifacts.count, bytes: staged.bytesDone,
                workspaceDir: session.context.workspaceDir, storageDir: session.context.storageDir))
        return Staged(notebooks: notebooks.count, artifacts: artifacts.count, bytes: staged.bytesDone)
    }

    /// The largest notebook a workspace imports (Databricks' limit, 10 MB).
    static let maximumNotebookBytes = 10 * 1024 * 1024

    /// Refuses a notebook no workspace would import (over 10 MB, or source that is not UTF-8)
    /// before anything is written, naming the file.
    static func check(_ notebook: URL) throws(StageError) {
        let data: Data
        do {
            data = try Data(contentsOf: notebook, options: .mappedIfSafe)
        } catch {
            throw .unreadableNotebook(notebook.relativePath, reason: error.localizedDescription)
        }
        guard data.count <= maximumNotebookBytes else { throw .notebookTooLarge(notebook.relativePath, bytes: data.count) }
        guard notebook.pathExtension.lowercased() == "ipynb" || String(validating: data, as: UTF8.self) != nil else {
            throw .notebookNotText(notebook.relativePath)
        }
    }

    /// A build id that was staged before (a CI's re-run keeps its id) would mix old results into
    /// the new verdict: refuse, and say how to go on.
    private func refuseExistingBuild() async throws {
        async let manifest = session.readManifest()
        do {
            _ = try await session.databricks.workspace.status(session.context.workspaceDir)
            throw StageError.buildExists(session.context.workspaceDir)
        } catch let error as DatabricksError where error.code == .resourceDoesNotExist {}
        if try await manifest != nil { throw StageError.buildExists(session.context.storageDir) }
    }

    /// Imports every notebook, its workspace name without extension, `parallelism` at a time,
    /// once every folder they go in exists (an import does not create its parent).
    private func importNotebooks(_ notebooks: [LocalFiles.Notebook]) async throws {
        let workspace = session.databricks.workspace
        let root = session.context.workspaceDir
        let folders = Set(notebooks.map { WorkspacePathText.parent(of: "\(root)/\($0.workspaceName)") })
        _ = try await concurrentMap(folders.sorted(), width: session.parallelism) { try await workspace.mkdirs($0) }
        _ = try await concurrentMap(notebooks, width: session.parallelism) { notebook in
            let request = WorkspaceImport(
                path: "\(root)/\(notebook.workspaceName)", content: try Data(contentsOf: notebook.file),
                format: notebook.language == nil ? .jupyter : .source, language: notebook.language, overwrite: true)
            try await workspace.importObject(request)
        }
    }
}

/// Why staging could not start.
public enum StageError: Error, CustomStringConvertible, Sendable {
    case noNotebooks(String)
    case sameWorkspaceName([String], name: String)
    case buildExists(String)
    case notebookTooLarge(String, bytes: Int)
    case notebookNotText(String)
    case unreadableNotebook(String, reason: String)
    case linkOutside(LinkOutsideError)

    public var description: String {
        switch self {
        case .noNotebooks(let folder):
            "\(folder) holds no notebooks (.py .r .R .sql .scala .ipynb): check `notebooks:` in kiln.yml"
        case .sameWorkspaceName(let files, let name):
            "\(files.joined(separator: " and ")) would both be the notebook \(name) in the workspace: rename one of them"
        case .buildExists(let folder):
            "\(folder) exists: this build id was staged before (a re-run of a CI job keeps its id). "
                + "Give this build a new one with --build-id."
        case .notebookTooLarge(let file, let bytes):
            "\(file) is \(bytes / 1_048_576) MB; a workspace imports notebooks of at most 10 MB: "
                + "move data out of the notebook into an artifact (artifacts: in kiln.yml)"
        case .notebookNotText(let file):
            "\(file) is not UTF-8 text, so no workspace would import it as a notebook: "
                + "save it as UTF-8, or move it out of the notebooks folder if it is not a notebook"
        case .linkOutside(let refused):
            refused.description
        case .unreadableNotebook(let file, let reason):
            "\(file) cannot be read: \(reason)"
        }
    }
}
