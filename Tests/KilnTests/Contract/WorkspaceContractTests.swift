import Foundation
import KilnAPI
import Testing

/// Workspace API 2.0, on both targets.
@Suite("Contract: workspace", .serialized, .timeLimit(.minutes(1)))
struct WorkspaceContractTests {
    static let notebook = Data("# Databricks notebook source\nprint(1)\n".utf8)

    @Test(arguments: ContractTarget.allCases)
    func foldersNotebooksAndListings(_ target: ContractTarget) async throws {
        try await target.run { world in
            let workspace = world.workspace
            try await workspace.mkdirs("/Shared/kiln/a/b")
            try await workspace.mkdirs("/Shared/kiln/a/b")
            try await workspace.importObject(WorkspaceImport(path: "/Shared/kiln/nb", content: Self.notebook, language: .python))

            let status = try await workspace.status("/Shared/kiln/nb")
            #expect(status.objectType == .notebook)
            #expect(status.language == .python)
            #expect(status.path == "/Shared/kiln/nb")
            #expect(try await workspace.export("/Shared/kiln/nb", format: .source).content == Self.notebook)
            #expect(try await workspace.list("/Shared/kiln").map(\.path) == ["/Shared/kiln/a", "/Shared/kiln/nb"])
            #expect(try await workspace.list("/Shared/kiln").map(\.objectType) == [.directory, .notebook])
            #expect(try await workspace.list("/Shared/kiln/a/b").isEmpty)
            #expect(try await workspace.list("/Shared/kiln/nb").map(\.path) == ["/Shared/kiln/nb"])

            try await workspace.delete("/Shared/kiln/a/b", recursive: false)
            try await workspace.delete("/Shared/kiln", recursive: true)
            await expectError(.doesNotExist("Path (/Shared/kiln/nb) doesn't exist.")) { _ = try await workspace.status("/Shared/kiln/nb") }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func importRefusesWhatDatabricksRefuses(_ target: ContractTarget) async throws {
        try await target.run { world in
            let workspace = world.workspace
            try await workspace.mkdirs("/Shared/kiln")
            try await workspace.importObject(WorkspaceImport(path: "/Shared/kiln/nb", content: Self.notebook, language: .python))
            await expectError(.alreadyExists("Path (/Shared/kiln/nb) already exists. Set overwrite to replace it.")) {
                try await workspace.importObject(WorkspaceImport(path: "/Shared/kiln/nb", content: Self.notebook, language: .python))
            }
            let changed = Data("# Databricks notebook source\nprint(2)\n".utf8)
            try await workspace.importObject(WorkspaceImport(path: "/Shared/kiln/nb", content: changed, language: .python, overwrite: true))
            #expect(try await workspace.export("/Shared/kiln/nb", format: .source).content == changed)
            await expectError(.doesNotExist("The parent folder (/Shared/none) does not exist.")) {
                try await workspace.importObject(WorkspaceImport(path: "/Shared/none/nb", content: Self.notebook, language: .python))
            }
            await expectError(.alreadyExists("Path (/Shared/kiln/nb) already exists and it is not a folder.")) {
                try await workspace.mkdirs("/Shared/kiln/nb/sub")
            }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func filesAndExportFormats(_ target: ContractTarget) async throws {
        try await target.run { world in
            let workspace = world.workspace
            try await workspace.mkdirs("/Shared/kiln")
            let csv = Data("a,b\n1,2\n".utf8)
            try await workspace.importObject(WorkspaceImport(path: "/Shared/kiln/data.csv", content: csv, format: .auto))
            #expect(try await workspace.status("/Shared/kiln/data.csv").objectType == .file)
            #expect(try await workspace.export("/Shared/kiln/data.csv", format: .auto).content == csv)

            try await workspace.importObject(WorkspaceImport(path: "/Shared/kiln/nb", content: Self.notebook, language: .python))
            let jupyter = try await workspace.export("/Shared/kiln/nb", format: .jupyter)
            #expect(jupyter.fileType == "ipynb")
            let cells = try JSONSerialization.jsonObject(with: jupyter.content) as? [String: Any]
            #expect((cells?["cells"] as? [Any])?.count == 1)
            await expectError(.invalidParameter("Export format HTML is not supported by the embedded engine; use SOURCE, AUTO or JUPYTER."))
            {
                _ = try await workspace.export("/Shared/kiln/nb", format: .html)
            }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func missingPathsAndFullFolders(_ target: ContractTarget) async throws {
        try await target.run { world in
            let workspace = world.workspace
            try await workspace.mkdirs("/Shared/kiln/sub")
            let missing = DatabricksError.doesNotExist("Path (/Shared/none) doesn't exist.")
            await expectError(missing) { _ = try await workspace.status("/Shared/none") }
            await expectError(missing) { _ = try await workspace.list("/Shared/none") }
            await expectError(missing) { _ = try await workspace.export("/Shared/none", format: .source) }
            await expectError(missing) { try await workspace.delete("/Shared/none", recursive: true) }
            await expectError(
                DatabricksError(.directoryNotEmpty, "Folder (/Shared/kiln) is not empty. Delete it with recursive set to true.")
            ) {
                try await workspace.delete("/Shared/kiln", recursive: false)
            }
            await expectError(.invalidParameter("The root folder cannot be deleted.")) { try await workspace.delete("/", recursive: true) }
        }
    }
}
