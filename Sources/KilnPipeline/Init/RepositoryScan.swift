import Foundation
import KilnAPI

/// What `kiln init` finds in a repository: its Databricks notebooks, its test suites, the model and
/// data files the tests read, the code they import, and any job template or test runner already
/// there. Paths are relative to the repository's root, `/`-separated, in path order.
public struct RepositoryScan: Sendable {
    public struct Notebook: Sendable, Hashable {
        public var path: String
        /// nil for a Jupyter notebook, whose language is inside it.
        public var language: NotebookLanguage?
        /// The framework whose suite this notebook runs, when it is a test runner already.
        public var runs: TestFramework?
        /// The widgets the notebook declares or reads, in order of first mention.
        public var widgets: [String]
    }

    /// A folder of tests and the framework that runs them.
    public struct TestSuite: Sendable, Hashable {
        public var framework: TestFramework
        /// `tests/testthat`, `tests`; empty for test files at the root.
        public var folder: String
    }

    public var notebooks: [Notebook] = []
    public var testSuites: [TestSuite] = []
    /// Serialized models: `.rds`, `.pkl`, `.joblib`, `.onnx`…, and any data file under `model(s)/`.
    public var models: [String] = []
    /// Data files: `.csv`, `.parquet`…, and anything under `data/`.
    public var data: [String] = []
    /// Code the tests may load that is neither a notebook nor a test: `R/model.R`, `src/pkg/x.py`.
    public var sources: [String] = []
    /// Root files that configure the tests or the package (`pyproject.toml`, `pytest.ini`, `DESCRIPTION`…).
    public var configFiles: [String] = []
    /// JSON files that hold Jobs API settings (an object with `tasks`).
    public var jobTemplates: [String] = []

    /// Folders never looked into: version control, virtual environments, caches, Kiln's own.
    static let skippedFolders: Set<String> = [
        "node_modules", "__pycache__", "venv", "env", "site-packages", "kiln-results", "renv", "packrat",
    ]
    /// More files than this is not a model repository, or not its root.
    static let fileLimit = 20_000
    private static let modelExtensions: Set<String> = [
        "rds", "rda", "rdata", "pkl", "pickle", "joblib", "onnx", "h5", "keras", "pt", "pth", "cbm", "ubj", "safetensors",
        "pmml", "mojo",
    ]
    private static let dataExtensions: Set<String> = [
        "csv", "tsv", "parquet", "feather", "arrow", "xlsx", "xls", "jsonl", "ndjson", "avro", "orc",
    ]
    private static let codeExtensions: Set<String> = ["r", "py", "sql", "scala", "ipynb", "sh"]
    private static let rootConfigFiles: Set<String> = [
        "pyproject.toml", "pytest.ini", "setup.cfg", "tox.ini", "conftest.py", "setup.py", "requirements.txt", "DESCRIPTION",
        "NAMESPACE",
    ]
    /// Notebooks longer than this are not read for widgets or runners (they are still notebooks).
    private static let readLimit = 1 << 20

    /// Scans the repository at `root`.
    public static func scan(_ root: URL) throws(InitError) -> RepositoryScan {
        var scan = RepositoryScan()
        var codeFiles: [String] = []
        for path in try files(under: root) {
            let file = root.appendingPathComponent(path)
            let name = (path as NSString).lastPathComponent
            let fileExtension = (path as NSString).pathExtension.lowercased()
            let folders = path.split(separator: "/").dropLast().map { $0.lowercased() }
            if let notebook = notebook(path, file: file, fileExtension: fileExtension) {
                scan.notebooks.append(notebook)
            } else if !path.contains("/"), rootConfigFiles.contains(name) {
                scan.configFiles.append(path)
            } else if codeExtensions.contains(fileExtension) {
                codeFiles.append(path)
            } else if modelExtensions.contains(fileExtension) || folders.contains(where: { $0 == "model" || $0 == "models" }) {
                scan.models.append(path)
            } else if dataExtensions.contains(fileExtension) || folders.contains("data") {
                scan.data.append(path)
            } else if fileExtension == "json", isJobTemplate(file) {
                scan.jobTemplates.append(path)
            }
        }
        scan.testSuites = testSuites(in: codeFiles)
        let testFolders = scan.testSuites.map(\.folder)
        func inTests(_ path: String) -> Bool { testFolders.contains { $0.isEmpty ? isTestFile(path) : path.hasPrefix($0 + "/") } }
        scan.sources = codeFiles.filter { !inTests($0) && !isTestFile($0) }
        scan.models.removeAll(where: inTests)
        scan.data.removeAll(where: inTests)
        return scan
    }

    /// The languages of the notebooks, for the summary.
    public var languages: [NotebookLanguage] {
        Array(Set(notebooks.compactMap(\.language))).sorted { $0.rawValue < $1.rawValue }
    }

    // MARK: - Files

    /// Every regular file below `root`, skipping hidden folders and `skippedFolders`, sorted.
    private static func files(under root: URL) throws(InitError) -> [String] {
        let base = root.standardizedFileURL
        guard
            let enumerator = FileManager.default.enumerator(
                at: base, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey])
        else { throw InitError(.unreadable(root.path)) }
        var files: [String] = []
        while let url = enumerator.nextObject() as? URL {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey])
            let name = url.lastPathComponent
            if values?.isDirectory == true {
                if name.hasPrefix(".") || skippedFolders.contains(name) { enumerator.skipDescendants() }
            } else if values?.isRegularFile == true, values?.isSymbolicLink != true, !name.hasPrefix(".") {
                files.append(String(url.standardizedFileURL.path.dropFirst(base.path.count + 1)))
                guard files.count <= fileLimit else { throw InitError(.tooManyFiles(root.path, limit: fileLimit)) }
            }
        }
        return files.sorted()
    }

    /// The first `limit` bytes of `file` as text.
    private static func head(_ file: URL, limit: Int) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: limit)).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: - Notebooks

    private static let sourceHeaders = ["# Databricks notebook source", "-- Databricks notebook source", "// Databricks notebook source"]

    /// The notebook at `path`: a Databricks SOURCE export (its first line says so) or a Jupyter notebook.
    private static func notebook(_ path: String, file: URL, fileExtension: String) -> Notebook? {
        guard let language = NotebookLanguage(fileExtension: fileExtension) else { return nil }
        let isJupyter = fileExtension == "ipynb"
        guard let text = head(file, limit: readLimit) else { return nil }
        if !isJupyter {
            let firstLine = text.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespacesAndNewlines)
            guard sourceHeaders.contains(firstLine) else { return nil }
        }
        let runs = TestFramework.allCases.first { $0.language == language && $0.isRunner(text) }
        return Notebook(path: path, language: isJupyter ? nil : language, runs: runs, widgets: NotebookWidgets.names(in: text))
    }

    // MARK: - Tests

    /// `test_x.py` or `x_test.py` (pytest's default patterns), and testthat's `test-x.R` / `test_x.R`.
    static func isTestFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        switch (name as NSString).pathExtension.lowercased() {
        case "py": return stem.hasPrefix("test_") || stem.hasSuffix("_test")
        case "r": return stem.hasPrefix("test")
        default: return false
        }
    }

    /// testthat: each `testthat` folder with test files; pytest: the deepest folder holding every
    /// `test_*.py` outside those (empty when that is the root).
    private static func testSuites(in codeFiles: [String]) -> [TestSuite] {
        let testFiles = codeFiles.filter(isTestFile)
        let testthatFolders = Set(
            testFiles.filter { $0.lowercased().hasSuffix(".r") }.compactMap { path -> String? in
                let folder = (path as NSString).deletingLastPathComponent
                return (folder as NSString).lastPathComponent == "testthat" ? folder : nil
            })
        var suites = testthatFolders.sorted().map { TestSuite(framework: .testthat, folder: $0) }
        let pythonTests = testFiles.filter { $0.hasSuffix(".py") }
        if !pythonTests.isEmpty {
            suites.append(TestSuite(framework: .pytest, folder: commonFolder(of: pythonTests)))
        }
        return suites
    }

    /// The deepest folder that holds every path (empty for the root).
    static func commonFolder(of paths: [String]) -> String {
        let folders = paths.map { $0.split(separator: "/").dropLast() }
        guard var common = folders.first.map(Array.init) else { return "" }
        for folder in folders.dropFirst() {
            common = Array(zip(common, folder).prefix { $0 == $1 }.map(\.0))
        }
        return common.joined(separator: "/")
    }

    // MARK: - Job templates

    /// Whether `file` is a JSON object with a `tasks` array: Jobs API settings.
    private static func isJobTemplate(_ file: URL) -> Bool {
        guard let text = head(file, limit: readLimit), text.contains("\"tasks\"") else { return false }
        // The placeholders are not JSON until rendered, but they sit inside strings.
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return object?["tasks"] is [Any]
    }
}
