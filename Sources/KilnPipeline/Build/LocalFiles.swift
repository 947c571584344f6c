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

    /// Every notebook below `folder` (any depth), in path order; links as ``relativeFiles(in:linksWithin:where:)`` says.
    static func notebooks(in folder: URL, linksWithin root: URL? = nil) throws -> [Notebook] {
        try relativeFiles(in: folder, linksWithin: root) { NotebookLanguage(fileExtension: ($0 as NSString).pathExtension) != nil }
            .compactMap { relative in
                let fileExtension = (relative as NSString).pathExtension
                guard let language = NotebookLanguage(fileExtension: fileExtension) else { return nil }
                return Notebook(
                    file: folder.appendingPathComponent(relative), workspaceName: (relative as NSString).deletingPathExtension,
                    language: fileExtension.lowercased() == "ipynb" ? nil : language)
            }
    }

    /// The files below `folder` whose relative paths match one of `globs`, in path order.
    static func matching(_ globs: [Glob], in folder: URL, linksWithin root: URL? = nil) throws -> [String] {
        try relativeFiles(in: folder, linksWithin: root) { relative in globs.contains { $0.matches(relative) } }
    }

    /// Every regular file below `folder` that `include` takes, as paths relative to it, sorted.
    ///
    /// A symbolic link to a file is followed when it leads inside `root` (the repository: a
    /// `models/latest.rds` that names the current model) but not into a folder never staged
    /// (`.git`, whose config may hold the CI's token), and refused with ``LinkOutsideError``
    /// otherwise, so that nothing else is ever uploaded. Only links `include` takes are looked at:
    /// one the build does not stage fails nothing. Without a `root`, links are left out.
    static func relativeFiles(in folder: URL, linksWithin root: URL? = nil, where include: (String) -> Bool = { _ in true }) throws
        -> [String]
    {
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
            } else if values.isRegularFile == true, include(relative) {
                files.append(relative)
            } else if values.isSymbolicLink == true, let root, include(relative) {
                if try followsInside(url, root: root) { files.append(relative) }
            }
        }
        return files.sorted()
    }

    /// Whether the link `url` leads to a file inside `root` (outside its never-staged folders);
    /// throws when it leads anywhere else.
    private static func followsInside(_ url: URL, root: URL) throws -> Bool {
        let target = url.resolvingSymlinksInPath()
        let inside = root.resolvingSymlinksInPath().path
        let relative = target.path.hasPrefix(inside + "/") ? target.path.dropFirst(inside.count + 1) : nil
        guard let relative, !relative.split(separator: "/").contains(where: { skippedFolders.contains(String($0)) }) else {
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
        "\(link) is a symbolic link to \(target), outside the repository \(root) or inside a folder never staged "
            + "(.git, .kiln, .venv…): Kiln uploads nothing from there. Copy the file into the repository, or remove the link."
    }
}
