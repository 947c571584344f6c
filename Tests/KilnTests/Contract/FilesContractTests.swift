import Foundation
import KilnAPI
import Testing

/// The Files API of Unity Catalog volumes, on both targets.
///
/// One difference is inherent to HTTP: a HEAD answer has no body, so a missing file or directory
/// seen through `metadata`/`directoryMetadata` gives the REST client the code and status but not
/// the engine's message; those cases compare code and status only.
@Suite("Contract: Files API", .serialized, .timeLimit(.minutes(1)))
struct FilesContractTests {
    static let volume = "/Volumes/main/default/kiln"

    @Test(arguments: ContractTarget.allCases)
    func uploadDownloadAndMetadata(_ target: ContractTarget) async throws {
        try await target.run { world in
            let files = world.files
            let local = world.scratch.path("model.bin")
            try Data.sample(300_000).write(to: local)
            try await files.upload("\(Self.volume)/models/model.bin", from: .file(local), overwrite: true)
            try await files.upload("\(Self.volume)/a b/ü.txt", from: .data(Data("grüezi".utf8)), overwrite: false)

            let copy = world.scratch.path("copy.bin")
            try await files.download("\(Self.volume)/models/model.bin", to: copy)
            #expect(try Data(contentsOf: copy) == Data.sample(300_000))
            try await files.download("\(Self.volume)/a b/ü.txt", to: copy)
            #expect(try Data(contentsOf: copy) == Data("grüezi".utf8))

            let metadata = try await files.metadata("\(Self.volume)/models/model.bin")
            #expect(metadata.contentLength == 300_000)
            #expect(abs(metadata.lastModified - Int64(Date().timeIntervalSince1970 * 1000)) < 60_000)
            #expect(metadata.contentType == "application/octet-stream")

            await expectError(
                DatabricksError(
                    .alreadyExists, "A file or directory already exists at \(Self.volume)/a b/ü.txt; set overwrite=true to replace a file.")
            ) {
                try await files.upload("\(Self.volume)/a b/ü.txt", from: .data(Data("again".utf8)), overwrite: false)
            }
            try await files.upload("\(Self.volume)/a b/ü.txt", from: .data(Data("again".utf8)), overwrite: true)
            try await files.delete("\(Self.volume)/a b/ü.txt")
            await expectError(DatabricksError(.notFound, "The file \(Self.volume)/a b/ü.txt does not exist.")) {
                try await files.delete("\(Self.volume)/a b/ü.txt")
            }
            await expectError(DatabricksError(.notFound, "The file \(Self.volume)/none does not exist.")) {
                try await files.download("\(Self.volume)/none", to: copy)
            }
            let missing = await expectDatabricksError(.notFound) { _ = try await files.metadata("\(Self.volume)/none") }
            #expect(missing?.status == 404)
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func directoriesAndPages(_ target: ContractTarget) async throws {
        try await target.run { world in
            let files = world.files
            let folder = "\(Self.volume)/d"
            try await files.createDirectory("\(folder)/sub")
            try await files.createDirectory("\(folder)/sub")
            try await files.directoryMetadata(folder)
            for index in 1...5 {
                try await files.upload("\(folder)/f\(index).txt", from: .data(Data(repeating: 1, count: index)), overwrite: true)
            }

            var pages: [[String]] = []
            var token: String?
            repeat {
                let page = try await files.listDirectory(folder, pageSize: 2, pageToken: token)
                pages.append((page.contents ?? []).map(\.name))
                token = page.nextPageToken
            } while token != nil
            #expect(pages == [["f1.txt", "f2.txt"], ["f3.txt", "f4.txt"], ["f5.txt", "sub"]])
            let entries = try await files.listDirectory(folder, pageSize: nil, pageToken: nil).contents ?? []
            #expect(entries.first { $0.name == "f3.txt" }?.fileSize == 3)
            #expect(entries.first { $0.name == "sub" }?.isDirectory == true)
            #expect(try await files.listDirectory("\(folder)/sub", pageSize: nil, pageToken: nil).contents == nil)

            await expectError(.invalidParameter("page_size must be between 1 and 1000, not 0.")) {
                _ = try await files.listDirectory(folder, pageSize: 0, pageToken: nil)
            }
            await expectError(DatabricksError(.notFound, "The directory \(Self.volume)/none does not exist.")) {
                _ = try await files.listDirectory("\(Self.volume)/none", pageSize: nil, pageToken: nil)
            }
            let missing = await expectDatabricksError(.notFound) { try await files.directoryMetadata("\(Self.volume)/none") }
            #expect(missing?.status == 404)
            await expectError(DatabricksError(.directoryNotEmpty, "The directory \(folder) is not empty: delete its contents first.")) {
                try await files.deleteDirectory(folder)
            }
            try await files.deleteDirectory("\(folder)/sub")
            await expectError(
                .invalidParameter(
                    "Path (/Volumes/main) is not in a Unity Catalog volume: the Files API takes /Volumes/<catalog>/<schema>/<volume>/…")
            ) {
                try await files.upload("/Volumes/main", from: .data(Data()), overwrite: true)
            }
        }
    }
}
