import Foundation
import KilnAPI

/// The files of the repository a build stages, found on disk.
enum LocalFiles {
    struct Notebook: Sendable {
        var file: URL
        /// The path below the notebooks folder without extension: the name in the workspace.
        var workspaceName: String
        /// nil for a Jupyter notebook, whose language is inside it.
        var language: NotebookLanguage?
    }

    /// Folders never staged: version control and Kiln's own.
    static let skippedFolders: Set<String> = [".git", ".kiln", "kiln-results", ".venv", ".build"]

    /// Every notebook below `folder` (any depth), in path order.
    static func notebooks(in folder: URL) throws -> [Notebook] {
        try relativeFiles(in: folder).compactMap { relative in
            let fileExtension = (relative as NSString).pathExtension
            guard let language = NotebookLanguage(fileExtension: fileExtension) else { return nil }
            return Notebook(
                file: folder.appendingPathComponent(relative), workspaceName: (relative as NSString).deletingPathExtension,
                language: fileExtension.lowercased() == "ipynb" ? nil : language)
        }
    }

    /// The files below `folder` whose relative paths match one of `globs`, in path order.
    static func matching(_ globs: [Glob], in folder: URL) throws -> [String] {
        try relativeFiles(in: folder).filter { relative in globs.contains { $0.matches(relative) } }
    }

    /// Every regular file below `folder`, as paths relative to it, sorted.
    static func relativeFiles(in folder: URL) throws -> [String] {
        let root = folder.standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey])
        else {
            return []
        }
        var files: [String] = []
        while let url = enumerator.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            if values.isDirectory == true, skippedFolders.contains(url.lastPathComponent) {
                enumerator.skipDescendants()
            } else if values.isRegularFile == true {
                files.append(String(url.standardizedFileURL.path.dropFirst(root.path.count + 1)))
            }
        }
        return files.sorted()
    }
}
