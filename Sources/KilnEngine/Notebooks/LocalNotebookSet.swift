import Foundation
import KilnAPI

/// A notebook file on disk and the notebooks its `%run`s reach beside it, so that one command
/// can import them all into the workspace with the same relative layout and run the first.
public struct LocalNotebookSet: Sendable {
    public struct Member: Sendable, Hashable {
        public var file: URL
        public var language: NotebookLanguage
        /// Whether the file is a Jupyter notebook (`.ipynb`), imported as such.
        public var isJupyter: Bool { file.pathExtension.lowercased() == "ipynb" }
        /// The path below the set's common folder, without extension: the workspace name.
        public var relativePath: String
    }

    /// The notebook to run, then every notebook it reaches, each once.
    public var members: [Member]
    public var entry: Member { members[0] }

    /// Collects `file` and, recursively, the local files its relative `%run` targets name
    /// (with any notebook extension); a relative target with no file is an error, so that a
    /// helper deleted or renamed here never runs from an earlier import. Absolute targets are left
    /// to the workspace.
    public static func collect(_ file: URL) throws -> LocalNotebookSet {
        var found: [(URL, NotebookLanguage)] = []
        var pending = [file.standardizedFileURL]
        while let next = pending.popLast() {
            guard !found.contains(where: { $0.0 == next }) else { continue }
            guard let language = NotebookLanguage(fileExtension: next.pathExtension) else {
                throw LocalNotebookError.unknownLanguage(next.path)
            }
            guard let data = FileManager.default.contents(atPath: next.path) else { throw LocalNotebookError.unreadable(next.path) }
            found.append((next, language))
            let (sourceLanguage, text) =
                next.pathExtension.lowercased() == "ipynb"
                ? try JupyterConversion.toSource(data, path: next.path) : (language, String(decoding: data, as: UTF8.self))
            let notebook = try NotebookSource.parse(text, name: next.path, language: sourceLanguage)
            for cell in notebook.cells {
                guard case .run(let target, _) = cell.content, !target.hasPrefix("/"),
                    let resolved = NotebookPath.resolve(target, from: next.deletingPathExtension().path)
                else { continue }
                guard let targetFile = existingNotebook(resolved) else {
                    throw LocalNotebookError.runTargetMissing(target: target, notebook: next.path, resolved: resolved)
                }
                pending.append(targetFile)
            }
        }
        let root = commonFolder(found.map { $0.0.deletingLastPathComponent().path })
        let members = found.map { url, language in
            Member(
                file: url, language: language,
                relativePath: String(url.deletingPathExtension().path.dropFirst(root.count)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "/")))
        }
        return LocalNotebookSet(members: members)
    }

    /// The notebook file at `path` with one of the notebook extensions, if there is one.
    private static func existingNotebook(_ path: String) -> URL? {
        for fileExtension in ["", ".py", ".r", ".R", ".sql", ".scala", ".ipynb"] {
            let candidate = URL(fileURLWithPath: path + fileExtension)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                NotebookLanguage(fileExtension: candidate.pathExtension) != nil
            {
                return candidate
            }
        }
        return nil
    }

    private static func commonFolder(_ folders: [String]) -> String {
        var common = folders[0].split(separator: "/")
        for folder in folders.dropFirst() {
            let parts = folder.split(separator: "/")
            common = Array(zip(common, parts).prefix { $0 == $1 }.map(\.0))
        }
        return "/" + common.joined(separator: "/")
    }
}

/// Why a local notebook cannot be run.
public enum LocalNotebookError: Error, CustomStringConvertible, Sendable {
    case unknownLanguage(String)
    case unreadable(String)
    case runTargetMissing(target: String, notebook: String, resolved: String)

    public var description: String {
        switch self {
        case .unknownLanguage(let path):
            "\(path): the notebook's language comes from its extension; name it .py, .R, .sql or .ipynb (.scala notebooks need a workspace)."
        case .unreadable(let path):
            "\(path): cannot read the notebook file; check that it exists and is readable."
        case .runTargetMissing(let target, let notebook, let resolved):
            "\(notebook): %run \(target) names \(resolved)(.py, .R, .sql, .scala or .ipynb), which does not exist here; "
                + "create it or correct the %run."
        }
    }
}
