import Foundation
import KilnAPI

/// The example repositories in `examples/`, as a user's repository holds them.
enum Examples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

    static func folder(_ name: String) -> URL { root.appendingPathComponent(name) }
}

extension Databricks {
    /// Imports every notebook of a local folder into a workspace folder, names without extension.
    func importNotebooks(from folder: URL, to workspaceFolder: String) async throws {
        try await workspace.mkdirs(workspaceFolder)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let file = folder.appendingPathComponent(name)
            guard let language = NotebookLanguage(fileExtension: file.pathExtension) else { continue }
            try await workspace.importObject(
                WorkspaceImport(
                    path: "\(workspaceFolder)/\(file.deletingPathExtension().lastPathComponent)",
                    content: try Data(contentsOf: file), format: .source, language: language, overwrite: true))
        }
    }

    /// Copies a local folder's files (recursively) to a DBFS folder.
    func putFolder(_ folder: URL, to dbfsFolder: String) async throws {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = enumerator?.nextObject() as? URL {
            guard (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = file.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1)
            try await dbfs.put(DBFSPut(path: "\(dbfsFolder)/\(relative)", contents: try Data(contentsOf: file), overwrite: true))
        }
    }
}
