import Foundation
import KilnAPI

/// Converts between Jupyter notebooks (`.ipynb`) and the SOURCE form the engine keeps and runs.
enum JupyterConversion {
    /// The language and SOURCE text of an `.ipynb` document.
    static func toSource(_ bytes: Data, path: String) throws -> (NotebookLanguage, String) {
        guard let document = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
            let cells = document["cells"] as? [[String: Any]]
        else {
            throw DatabricksError.invalidParameter("The content of \(path) is not a Jupyter notebook (JSON with a 'cells' array).")
        }
        let metadata = document["metadata"] as? [String: Any]
        let languageName =
            ((metadata?["language_info"] as? [String: Any])?["name"] as? String)
            ?? ((metadata?["kernelspec"] as? [String: Any])?["language"] as? String) ?? "python"
        let language: NotebookLanguage =
            switch languageName.lowercased() {
            case "r": .r
            case "scala": .scala
            case "sql": .sql
            default: .python
            }
        let prefix = language.commentPrefix
        // Markdown cells, and code cells that open with a magic (`%run ./x`, `%sh`), become MAGIC
        // lines, as Databricks exports them in SOURCE form.
        let bodies: [String] = cells.map { cell in
            let text = sourceText(cell["source"])
            let isMarkdown = (cell["cell_type"] as? String) == "markdown"
            guard isMarkdown || text.drop(while: \.isWhitespace).hasPrefix("%") else { return text }
            let lines = (isMarkdown ? ["%md"] : []) + text.trimmingCharacters(in: .newlines).components(separatedBy: "\n")
            return lines.map { $0.isEmpty ? "\(prefix) MAGIC" : "\(prefix) MAGIC \($0)" }.joined(separator: "\n")
        }
        let body = bodies.joined(separator: "\n\n\(prefix) COMMAND ----------\n\n")
        return (language, NotebookContent.header(for: language) + "\n" + body + "\n")
    }

    /// An `.ipynb` document for SOURCE text: code cells as code, `%md` cells as markdown.
    static func fromSource(_ text: String, language: NotebookLanguage) throws -> Data {
        let prefix = language.commentPrefix
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if let first = lines.first, NotebookContent.headerPrefix(of: first) != nil { lines.removeFirst() }
        var cells: [[String]] = [[]]
        for line in lines {
            if line.trimmingCharacters(in: .whitespaces) == "\(prefix) COMMAND ----------" {
                cells.append([])
            } else {
                cells[cells.count - 1].append(line)
            }
        }
        let jupyterCells: [[String: Any]] = cells.map { cellLines in
            let trimmed = cellLines.drop(while: { $0.isEmpty }).reversed().drop(while: { $0.isEmpty }).reversed()
            let magic = trimmed.map { line -> String? in
                if line == "\(prefix) MAGIC" { return "" }
                return line.hasPrefix("\(prefix) MAGIC ") ? String(line.dropFirst(prefix.count + 7)) : nil
            }
            if let first = magic.first, let firstLine = first, firstLine.hasPrefix("%md"), magic.allSatisfy({ $0 != nil }) {
                var markdown = magic.compactMap { $0 }
                markdown[0] = String(markdown[0].dropFirst(3)).trimmingCharacters(in: .whitespaces)
                if markdown[0].isEmpty { markdown.removeFirst() }
                return ["cell_type": "markdown", "metadata": [String: Any](), "source": withNewlines(markdown)]
            }
            if let first = magic.first, first?.hasPrefix("%") == true, magic.allSatisfy({ $0 != nil }) {
                return [
                    "cell_type": "code", "metadata": [String: Any](), "execution_count": NSNull(),
                    "outputs": [Any](), "source": withNewlines(magic.compactMap { $0 }),
                ]
            }
            return [
                "cell_type": "code", "metadata": [String: Any](), "execution_count": NSNull(),
                "outputs": [Any](), "source": withNewlines(Array(trimmed)),
            ]
        }
        let document: [String: Any] = [
            "cells": jupyterCells,
            "metadata": ["language_info": ["name": language == .r ? "R" : language.rawValue.lowercased()]],
            "nbformat": 4, "nbformat_minor": 5,
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }

    private static func sourceText(_ source: Any?) -> String {
        if let lines = source as? [String] { return lines.joined() }
        return source as? String ?? ""
    }

    private static func withNewlines(_ lines: [String]) -> [String] {
        lines.enumerated().map { $0.offset == lines.count - 1 ? $0.element : $0.element + "\n" }
    }
}
