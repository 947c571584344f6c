import Foundation
import KilnAPI
import KilnPipeline
import NIOConcurrencyHelpers
import Testing

/// Storage transfers on both targets and both stores: DBFS (put, and create/add-block/close for
/// files over 1 MB) and volumes (Files API), with the same results.
@Suite("Contract: storage transfers", .serialized, .timeLimit(.minutes(1)))
struct StorageContractTests {
    static let roots = ["dbfs:/kiln/build/r-model/1", "/Volumes/main/default/kiln/build/r-model/1"]
    static let cases = ContractTarget.allCases.flatMap { target in roots.map { (target, $0) } }

    /// Sizes around the 1 MB block: empty, small, exactly one block, one byte over, several blocks.
    static let sizes = [0, 10, DBFSLimits.maxBlockBytes, DBFSLimits.maxBlockBytes + 1, 2 * DBFSLimits.maxBlockBytes + 500]

    @Test(arguments: cases)
    func stagesListsDownloadsAndDeletes(_ target: ContractTarget, _ root: String) async throws {
        try await target.run { world in
            let storage = StorageTransfer(world.databricks, parallelism: 3)
            let folder = try StoragePath(root)
            var files: [StagedFile] = []
            for (index, size) in Self.sizes.enumerated() {
                let local = world.scratch.path("f\(index).bin")
                try Data.sample(size, seed: UInt8(index)).write(to: local)
                files.append(
                    StagedFile(
                        source: local, destination: try folder.appending(index.isMultiple(of: 2) ? "data/f\(index).bin" : "f\(index).bin")))
            }
            let reports = NIOLockedValueBox<[StagingProgress]>([])
            let total = try await storage.stage(files) { progress in reports.withLockedValue { $0.append(progress) } }
            let bytes = Int64(Self.sizes.reduce(0, +))
            #expect(total == StagingProgress(filesDone: 5, filesTotal: 5, bytesDone: bytes, bytesTotal: bytes))
            let progress = reports.withLockedValue { $0 }
            #expect(progress.map(\.filesDone) == Array(0...5))
            #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.bytesDone <= $1.bytesDone })

            let listed = try await storage.list(folder, recursive: true)
            #expect(
                listed.map { folder.relativePath(of: $0.path) } == [
                    "data", "data/f0.bin", "data/f2.bin", "data/f4.bin", "f1.bin", "f3.bin",
                ])
            #expect(listed.filter { !$0.isDirectory }.map(\.size).sorted() == Self.sizes.map(Int64.init).sorted())
            #expect(try await storage.list(folder).count == 3)

            for file in files {
                let copy = world.scratch.path("copy-\(file.destination.name)")
                try await storage.download(file.destination, to: copy)
                #expect(try Data(contentsOf: copy) == Data(contentsOf: file.source), "\(file.destination)")
            }

            try await storage.delete(folder)
            try await storage.delete(folder)
            let parent = try StoragePath(String(root.dropLast(2)))
            #expect(try await storage.list(parent).isEmpty)
        }
    }

    @Test(arguments: cases)
    func failuresNameTheFile(_ target: ContractTarget, _ root: String) async throws {
        try await target.run { world in
            let storage = StorageTransfer(world.databricks)
            let folder = try StoragePath(root)
            let local = world.scratch.path("a.txt")
            try Data("a".utf8).write(to: local)
            try await storage.upload(local, to: try folder.appending("a.txt"))
            do {
                try await storage.upload(local, to: try folder.appending("a.txt"), overwrite: false)
                Issue.record("an upload over an existing file without overwrite succeeded")
            } catch let error as TransferError {
                #expect(error.remote == (try folder.appending("a.txt")))
                #expect(error.description.hasPrefix("uploading \(local.path) to \(root)/a.txt failed: "))
                #expect([ErrorCode.resourceAlreadyExists, .alreadyExists].contains((error.underlying as? DatabricksError)?.code))
            }
            await #expect(throws: TransferError.self) {
                try await storage.download(try folder.appending("none"), to: world.scratch.path("none"))
            }
            #expect(!FileManager.default.fileExists(atPath: world.scratch.path("none").path))
            try await storage.makeDirectory(try folder.appending("empty/sub"))
            #expect(
                try await storage.list(folder, recursive: true).map { folder.relativePath(of: $0.path) } == ["a.txt", "empty", "empty/sub"])
        }
    }
}
