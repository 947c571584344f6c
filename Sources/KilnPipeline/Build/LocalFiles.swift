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

    /// Every notebook below `folder` (any depth), in path order; links as ``relativeFiles(in:linksWithin:)`` says.
    static func notebooks(in folder: URL, linksWithin root: URL? = nil) throws -> [Notebook] {
        try relativeFiles(in: folder, linksWithin: root).compactMap { relative in
            let fileExtension = (relative as NSString).pathExtension
            guard let language = NotebookLanguage(fileExtension: fileExtension) else { return nil }
            return Notebook(
                file: folder.appendingPathComponent(relative), workspaceName: (relative as NSString).deletingPathExtension,
                language: fileExtension.lowercased() == "ipynb" ? nil : language)
        }
    }

    /// The files below `folder` whose relative paths match one of `globs`, in path order.
    static func matching(_ globs: [Glob], in folder: URL, linksWithin root: URL? = nil) throws -> [String] {
        try relativeFiles(in: folder, linksWithin: root).filter { relative in globs.contains { $0.matches(relative) } }
    }

    /// Every regular file below `folder`, as paths relative to it, sorted.
    ///
    /// A symbolic link to a file is followed when it leads inside `root` (the repository: a
    /// `models/latest.rds` that names the current model), and refused with ``LinkOutsideError``
    /// when it leads outside it, so that nothing outside the repository is ever uploaded. Without
    /// a `root`, links are left out.
    static func relativeFiles(in folder: URL, linksWithin root: URL? = nil) throws -> [String] {
        let base = folder.standardizedFileURL
        let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey]
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: keys) else {
            return []
        }
        var files: [String] = []
        while let url = enumerator.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: Set(keys))
            let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            if values.isDirectory == true, skippedFolders.contains(url.lastPathComponent) {
                enumerator.skipDescendants()
            } else if values.isRegularFile == true {
                files.append(relative)
            } else if values.isSymbolicLink == true, let root {
                if try followsInside(url, root: root) { files.append(relative) }
            }
        }
        return files.sorted()
    }

    /// Whether the link `url` leads to a file inside `root`; throws when it leads outside.
    private static func followsInside(_ url: URL, root: URL) throws -> Bool {
        let target = url.resolvingSymlinksInPath()
        let inside = root.resolvingSymlinksInPath().path
        guard target.path.hasPrefix(inside + "/") else {
            throw LinkOutsideError(link: url.path, target: target.path, root: inside)
        }
        return (try? target.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
    }
}

/// A symbolic link among a build's files that leads outside the repository: refused, since
/// staging it would upload a file of the agent's (a key, a config) to the workspace.
public struct LinkOutsideError: Error, CustomStringConvertible, Sendable {
    public var link: String
    public var target: String
    public var root: String

    public var description: String {
        "\(link) is a symbolic link to \(target), outside the repository \(root): Kiln uploads nothing from outside it. "
            + "Copy the file into the repository, or remove the link."
    }
}
