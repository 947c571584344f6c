import Foundation
import KilnAPI

/// What the engine makes of the bytes of an import: a notebook in SOURCE form, or a plain file.
///
/// Notebooks are kept in SOURCE form with their header, so a SOURCE export gives back exactly
/// what a SOURCE import brought, and a JUPYTER import becomes runnable source.
struct NotebookContent: Sendable {
    enum Kind: Sendable {
        case notebook(NotebookLanguage)
        case file
    }

    var kind: Kind
    var bytes: Data
    /// The name the object is stored under: as given, or without its extension for AUTO imports.
    var storedPath: String

    /// The most bytes a notebook may have, as on Databricks.
    static let maxNotebookBytes = 10 * 1024 * 1024

    /// The first line of a notebook of `language` in SOURCE form.
    static func header(for language: NotebookLanguage) -> String {
        "\(language.commentPrefix) Databricks notebook source"
    }

    /// The language whose header `text` starts with, if any ("#" is Python or R alike).
    static func headerPrefix(of text: String) -> String? {
        let firstLine = text.drop(while: { $0 == "\u{FEFF}" }).prefix(while: { $0 != "\n" && $0 != "\r" })
        for prefix in ["#", "//", "--"] where firstLine.trimmingCharacters(in: .whitespaces) == "\(prefix) Databricks notebook source" {
            return prefix
        }
        return nil
    }

    /// Decides what an import creates, refusing what Databricks refuses.
    static func classify(_ request: WorkspaceImport, path: String) throws -> NotebookContent {
        let bytes = request.content ?? Data()
        let format = request.format ?? .source
        let fileExtension = (WorkspacePathText.name(of: path) as NSString).pathExtension
        let extensionLanguage = NotebookLanguage(fileExtension: fileExtension)

        switch format {
        case .source:
            guard let language = request.language ?? extensionLanguage else {
                throw DatabricksError.invalidParameter(
                    "The language must be given to import \(path) in SOURCE format (PYTHON, R, SCALA or SQL).")
            }
            return try notebook(bytes, language: language, extensionLanguage: extensionLanguage, path: path, keepName: true)
        case .auto:
            if fileExtension.lowercased() == "ipynb" {
                return try jupyter(bytes, path: path, stripExtension: true)
            }
            if let extensionLanguage, let text = String(data: bytes, encoding: .utf8),
                headerPrefix(of: text) == extensionLanguage.commentPrefix
            {
                return try notebook(
                    bytes, language: request.language ?? extensionLanguage,
                    extensionLanguage: extensionLanguage, path: path, keepName: false)
            }
            return NotebookContent(kind: .file, bytes: bytes, storedPath: path)
        case .jupyter:
            return try jupyter(bytes, path: path, stripExtension: false)
        case .raw:
            return NotebookContent(kind: .file, bytes: bytes, storedPath: path)
        default:
            throw DatabricksError.invalidParameter(
                "Import format \(format.rawValue) is not supported by the embedded engine; use SOURCE, AUTO, JUPYTER or RAW.")
        }
    }

    private static func notebook(
        _ bytes: Data, language: NotebookLanguage, extensionLanguage: NotebookLanguage?, path: String, keepName: Bool
    ) throws -> NotebookContent {
        try checkSize(bytes, path: path)
        guard [.python, .r, .scala, .sql].contains(language) else {
            throw DatabricksError.invalidParameter("Unknown language \(language.rawValue) for \(path): use PYTHON, R, SCALA or SQL.")
        }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw DatabricksError.invalidParameter("The content of notebook \(path) is not valid UTF-8 text.")
        }
        if let extensionLanguage, extensionLanguage != language {
            throw DatabricksError.invalidParameter(
                "Language \(language.rawValue) does not match the extension of \(path), which is \(extensionLanguage.rawValue).")
        }
        if let prefix = headerPrefix(of: text), prefix != language.commentPrefix {
            throw DatabricksError.invalidParameter(
                "Language \(language.rawValue) does not match the notebook header of \(path), which starts with '\(prefix)'.")
        }
        let source = headerPrefix(of: text) == nil ? header(for: language) + "\n" + text : text
        let storedPath = keepName ? path : String(path.dropLast(((path as NSString).pathExtension.count + 1)))
        return NotebookContent(kind: .notebook(language), bytes: Data(source.utf8), storedPath: storedPath)
    }

    private static func jupyter(_ bytes: Data, path: String, stripExtension: Bool) throws -> NotebookContent {
        try checkSize(bytes, path: path)
        let (language, source) = try JupyterConversion.toSource(bytes, path: path)
        let storedPath = stripExtension ? String(path.dropLast(".ipynb".count)) : path
        return NotebookContent(kind: .notebook(language), bytes: Data(source.utf8), storedPath: storedPath)
    }

    private static func checkSize(_ bytes: Data, path: String) throws {
        guard bytes.count <= maxNotebookBytes else {
            throw DatabricksError(
                .maxNotebookSizeExceeded,
                "The notebook \(path) is \(bytes.count) bytes; notebooks may not exceed \(maxNotebookBytes) bytes (10 MB).")
        }
    }
}
