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
        let notebooks = try LocalFiles.notebooks(in: session.config.notebooks)
        guard !notebooks.isEmpty else { throw StageError.noNotebooks(session.config.notebooks.path) }
        if let clash = Dictionary(grouping: notebooks, by: \.workspaceName).values.first(where: { $0.count > 1 }) {
            throw StageError.sameWorkspaceName(clash.map(\.file.lastPathComponent).sorted(), name: clash[0].workspaceName)
        }
        try await refuseExistingBuild()
        // The manifest comes first: it says, to retention and to other builds, that this one is under way.
        var manifest = BuildManifest(context: session.context, target: session.target.name, startedAt: startedAt)
        try await session.writeManifest(manifest)
        try await importNotebooks(notebooks)
        let storageDir = try session.storageDir()
        let artifacts = try LocalFiles.matching(session.config.artifacts, in: session.config.directory).map { relative in
            StagedFile(source: session.config.directory.appendingPathComponent(relative), destination: try storageDir.appending(relative))
        }
        let staged = try await session.storage.stage(artifacts) { progress in
            session.observer.handle(
                .staging(
                    done: progress.filesDone, total: progress.filesTotal,
                    bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal))
        }
        manifest.state = "staged"
        try await session.writeManifest(manifest)
        session.observer.handle(
            .staged(
                notebooks: notebooks.count, artifacts: artifacts.count, bytes: staged.bytesDone,
                workspaceDir: session.context.workspaceDir, storageDir: session.context.storageDir))
        return Staged(notebooks: notebooks.count, artifacts: artifacts.count, bytes: staged.bytesDone)
    }

    /// A build id that was staged before (a CI's re-run keeps its id) would mix old results into
    /// the new verdict: refuse, and say how to go on.
    private func refuseExistingBuild() async throws {
        do {
            _ = try await session.databricks.workspace.status(session.context.workspaceDir)
            throw StageError.buildExists(session.context.workspaceDir)
        } catch let error as DatabricksError where error.code == .resourceDoesNotExist {}
        if try await session.readManifest() != nil { throw StageError.buildExists(session.context.storageDir) }
    }

    /// Imports every notebook, its workspace name without extension, `parallelism` at a time.
    private func importNotebooks(_ notebooks: [LocalFiles.Notebook]) async throws {
        let workspace = session.databricks.workspace
        let root = session.context.workspaceDir
        let folders = Set(notebooks.map { WorkspacePathText.parent(of: "\(root)/\($0.workspaceName)") })
        for folder in folders.sorted() { try await workspace.mkdirs(folder) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = notebooks.makeIterator()
            func next() {
                guard let notebook = pending.next() else { return }
                group.addTask {
                    let request = WorkspaceImport(
                        path: "\(root)/\(notebook.workspaceName)", content: try Data(contentsOf: notebook.file),
                        format: notebook.language == nil ? .jupyter : .source, language: notebook.language, overwrite: true)
                    try await workspace.importObject(request)
                }
            }
            for _ in 0..<session.parallelism { next() }
            while try await group.next() != nil { next() }
        }
    }
}

/// Why staging could not start.
public enum StageError: Error, CustomStringConvertible, Sendable {
    case noNotebooks(String)
    case sameWorkspaceName([String], name: String)
    case buildExists(String)

    public var description: String {
        switch self {
        case .noNotebooks(let folder):
            "\(folder) holds no notebooks (.py .r .R .sql .scala .ipynb): check `notebooks:` in kiln.yml"
        case .sameWorkspaceName(let files, let name):
            "\(files.joined(separator: " and ")) would both be the notebook \(name) in the workspace: rename one of them"
        case .buildExists(let folder):
            "\(folder) exists: this build id was staged before (a re-run of a CI job keeps its id). "
                + "Give this build a new one with --build-id."
        }
    }
}
