import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

@Suite("Engine: workspace")
struct EngineWorkspaceTests {
    let pythonNotebook = "# Databricks notebook source\nprint(1)\n\n# COMMAND ----------\n\nprint(2)\n"

    @Test func mkdirsCreatesParentsAndIsIdempotent() async throws {
        let fixture = try await EngineFixture()
        try await fixture.workspace.mkdirs("/Shared/build/repo/42")
        try await fixture.workspace.mkdirs("/Shared/build/repo/42")
        let status = try await fixture.workspace.status("/Shared/build/repo")
        #expect(status.objectType == .directory)
        #expect(try await fixture.workspace.list("/Shared/build").map(\.path) == ["/Shared/build/repo"])
    }

    @Test func mkdirsOverAFileIsRefused() async throws {
        let fixture = try await EngineFixture()
        try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/nb", content: Data(pythonNotebook.utf8), language: .python))
        await expectDatabricksError(.resourceAlreadyExists) { try await fixture.workspace.mkdirs("/Shared/nb/child") }
    }

    @Test func sourceImportKeepsTheNameAndExportGivesBackTheBytes() async throws {
        let fixture = try await EngineFixture()
        let bytes = Data(pythonNotebook.utf8)
        try await fixture.workspace.importObject(
            WorkspaceImport(path: "/Shared/train.py", content: bytes, format: .source, language: .python))
        let info = try await fixture.workspace.status("/Shared/train.py")
        #expect(info.objectType == .notebook)
        #expect(info.language == .python)
        let export = try await fixture.workspace.export("/Shared/train.py", format: .source)
        #expect(export.content == bytes)
        #expect(export.fileType == "py")
    }

    @Test func sourceImportWithoutHeaderGainsIt() async throws {
        let fixture = try await EngineFixture()
        try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/plain", content: Data("x <- 1\n".utf8), language: .r))
        let export = try await fixture.workspace.export("/Shared/plain", format: .source)
        #expect(String(decoding: export.content, as: UTF8.self) == "# Databricks notebook source\nx <- 1\n")
    }

    @Test(arguments: [("test.R", NotebookLanguage.r), ("test.r", .r), ("q.sql", .sql), ("s.scala", .scala), ("p.py", .python)])
    func languageComesFromTheExtension(name: String, language: NotebookLanguage) async throws {
        let fixture = try await EngineFixture()
        let header = "\(language.commentPrefix) Databricks notebook source\n"
        try await fixture.workspace.importObject(
            WorkspaceImport(path: "/Shared/\(name)", content: Data((header + "1\n").utf8), format: .source))
        #expect(try await fixture.workspace.status("/Shared/\(name)").language == language)
    }

    @Test func autoImportStripsTheExtensionOfNotebooksAndKeepsOtherFiles() async throws {
        let fixture = try await EngineFixture()
        try await fixture.workspace.importObject(
            WorkspaceImport(path: "/Shared/model.R", content: Data("# Databricks notebook source\n1\n".utf8), format: .auto))
        try await fixture.workspace.importObject(
            WorkspaceImport(path: "/Shared/helper.py", content: Data("print('no header')\n".utf8), format: .auto))
        try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/data.csv", content: Data("a,b\n1,2\n".utf8), format: .auto))
        let objects = try await fixture.workspace.list("/Shared")
        #expect(objects.map(\.path) == ["/Shared/data.csv", "/Shared/helper.py", "/Shared/model"])
        #expect(objects.map(\.objectType) == [.file, .file, .notebook])
        #expect(objects[2].language == .r)
        #expect(try await fixture.workspace.export("/Shared/data.csv", format: .auto).content == Data("a,b\n1,2\n".utf8))
    }

    @Test func jupyterRoundTrip() async throws {
        let fixture = try await EngineFixture()
        let ipynb =
            ##"{"cells":[{"cell_type":"markdown","source":["# Title"]},{"cell_type":"code","source":["x = 1\n","print(x)"]}],"metadata":{"language_info":{"name":"python"}},"nbformat":4,"nbformat_minor":5}"##
        try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/nb.ipynb", content: Data(ipynb.utf8), format: .auto))
        let source = String(decoding: try await fixture.workspace.export("/Shared/nb", format: .source).content, as: UTF8.self)
        #expect(source == "# Databricks notebook source\n# MAGIC %md\n# MAGIC # Title\n\n# COMMAND ----------\n\nx = 1\nprint(x)\n")
        let back = try await fixture.workspace.export("/Shared/nb", format: .jupyter).content
        let document = try #require(try JSONSerialization.jsonObject(with: back) as? [String: Any])
        let cells = try #require(document["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code"])
        #expect(cells[1]["source"] as? [String] == ["x = 1\n", "print(x)"])
    }

    @Test func importErrors() async throws {
        let fixture = try await EngineFixture()
        let content = Data(pythonNotebook.utf8)
        await expectDatabricksError(.resourceDoesNotExist) {
            try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/missing/nb", content: content, language: .python))
        }
        try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/nb", content: content, language: .python))
        await expectDatabricksError(.resourceAlreadyExists) {
            try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/nb", content: content, language: .python))
        }
        let replaced = Data("# Databricks notebook source\nprint(3)\n".utf8)
        try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/nb", content: replaced, language: .python, overwrite: true))
        #expect(try await fixture.workspace.export("/Shared/nb", format: .source).content == replaced)
        await expectDatabricksError(.invalidParameterValue) {
            try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/nolang", content: content, format: .source))
        }
    }

    /// Bad input is refused with Databricks' error and changes nothing.
    @Test(arguments: [
        ("/Shared/bad", Data([0x23, 0x20, 0xff, 0xfe, 0x0a]), NotebookLanguage.python, ErrorCode.invalidParameterValue),
        ("/Shared/huge", Data(repeating: 0x61, count: 11 * 1024 * 1024), .python, .maxNotebookSizeExceeded),
        ("/Shared/../etc/nb", Data("x = 1\n".utf8), .python, .invalidParameterValue),
        ("Shared/nb", Data("x = 1\n".utf8), .python, .invalidParameterValue),
        ("/Shared/nb.py", Data("x = 1\n".utf8), .r, .invalidParameterValue),
        ("/Shared/nb", Data("// Databricks notebook source\nval x = 1\n".utf8), .python, .invalidParameterValue),
    ])
    func badImportsChangeNothing(path: String, content: Data, language: NotebookLanguage, code: ErrorCode) async throws {
        let fixture = try await EngineFixture()
        let before = try await fixture.workspace.list("/Shared")
        let error = await expectDatabricksError(code) {
            try await fixture.workspace.importObject(WorkspaceImport(path: path, content: content, language: language))
        }
        #expect(error?.status == 400)
        #expect(try await fixture.workspace.list("/Shared") == before)
        #expect(try await fixture.workspace.list("/").map(\.path) == ["/Repos", "/Shared", "/Users"])
    }

    @Test func listAndStatus() async throws {
        let fixture = try await EngineFixture()
        try await fixture.workspace.mkdirs("/Shared/empty")
        #expect(try await fixture.workspace.list("/Shared/empty").isEmpty)
        try await fixture.workspace.importObject(WorkspaceImport(path: "/Shared/nb", content: Data(pythonNotebook.utf8), language: .python))
        #expect(try await fixture.workspace.list("/Shared/nb").map(\.path) == ["/Shared/nb"])
        #expect(try await fixture.workspace.status("/Workspace/Shared/nb").path == "/Shared/nb")
        let missing = await expectDatabricksError(.resourceDoesNotExist) { _ = try await fixture.workspace.list("/Shared/none") }
        #expect(missing?.message == "Path (/Shared/none) doesn't exist.")
        #expect(missing?.status == 404)
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await fixture.workspace.status("/Shared/none") }
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await fixture.workspace.export("/Shared/none", format: .source) }
    }

    @Test func deleteFollowsDatabricksRules() async throws {
        let fixture = try await EngineFixture()
        try await fixture.workspace.mkdirs("/Shared/build/a")
        try await fixture.workspace.importObject(
            WorkspaceImport(path: "/Shared/build/a/nb", content: Data(pythonNotebook.utf8), language: .python))
        try await fixture.workspace.importObject(
            WorkspaceImport(path: "/Shared/build_x", content: Data(pythonNotebook.utf8), language: .python))
        await expectDatabricksError(.directoryNotEmpty) { try await fixture.workspace.delete("/Shared/build", recursive: false) }
        try await fixture.workspace.delete("/Shared/build", recursive: true)
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await fixture.workspace.status("/Shared/build/a/nb") }
        // A sibling whose name starts the same is not inside the folder.
        #expect(try await fixture.workspace.status("/Shared/build_x").objectType == .notebook)
        await expectDatabricksError(.resourceDoesNotExist) { try await fixture.workspace.delete("/Shared/build", recursive: true) }
    }
}
