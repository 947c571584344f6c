import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

@Suite("Engine: DBFS and volumes")
struct EngineStorageTests {
    @Test func putAndReadBack() async throws {
        let fixture = try await EngineFixture()
        let bytes = Data.pattern(3000)
        try await fixture.dbfs.put(DBFSPut(path: "dbfs:/build/repo/1/model.rds", contents: bytes))
        let read = try await fixture.dbfs.read("/build/repo/1/model.rds", offset: 1000, length: 500)
        #expect(read.bytesRead == 500)
        #expect(read.data == bytes[1000..<1500])
        let end = try await fixture.dbfs.read("/build/repo/1/model.rds", offset: 3000, length: 10)
        #expect(end.bytesRead == 0)
        let status = try await fixture.dbfs.status("/build/repo/1/model.rds")
        #expect(
            status == FileInfo(path: "/build/repo/1/model.rds", isDir: false, fileSize: 3000, modificationTime: status.modificationTime))
        #expect(status.modificationTime > 0)
    }

    @Test func putErrors() async throws {
        let fixture = try await EngineFixture()
        await expectDatabricksError(.maxBlockSizeExceeded) {
            try await fixture.dbfs.put(DBFSPut(path: "/big", contents: Data.pattern(DBFSLimits.maxBlockBytes + 1)))
        }
        try await fixture.dbfs.put(DBFSPut(path: "/x", contents: Data("one".utf8)))
        let exists = await expectDatabricksError(.resourceAlreadyExists) {
            try await fixture.dbfs.put(DBFSPut(path: "/x", contents: Data("two".utf8)))
        }
        #expect(exists?.message == "A file or directory already exists at the input path dbfs:/x.")
        try await fixture.dbfs.put(DBFSPut(path: "/x", contents: Data("two".utf8), overwrite: true))
        #expect(try await fixture.dbfs.read("/x", offset: 0, length: nil).data == Data("two".utf8))
        await expectDatabricksError(.invalidParameterValue) { try await fixture.dbfs.put(DBFSPut(path: "relative/x", contents: Data())) }
        await expectDatabricksError(.invalidParameterValue) { try await fixture.dbfs.put(DBFSPut(path: "/a/../x", contents: Data())) }
    }

    @Test func streamingHandleWritesInBlocks() async throws {
        let fixture = try await EngineFixture()
        let bytes = Data.pattern(2 * DBFSLimits.maxBlockBytes + 12345)
        let handle = try await fixture.dbfs.create(DBFSCreate(path: "/data/train.csv"))
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + DBFSLimits.maxBlockBytes)
            try await fixture.dbfs.addBlock(handle: handle, data: bytes[offset..<end])
            offset = end
        }
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await fixture.dbfs.status("/data/train.csv") }
        try await fixture.dbfs.close(handle: handle)
        var readBack = Data()
        while true {
            let chunk = try await fixture.dbfs.read(
                "/data/train.csv", offset: Int64(readBack.count), length: Int64(DBFSLimits.maxBlockBytes))
            if chunk.bytesRead == 0 { break }
            readBack.append(chunk.data)
        }
        #expect(readBack == bytes)
        await expectDatabricksError(.resourceDoesNotExist) { try await fixture.dbfs.close(handle: handle) }
    }

    @Test func handleErrors() async throws {
        let fixture = try await EngineFixture()
        await expectDatabricksError(.resourceDoesNotExist) { try await fixture.dbfs.addBlock(handle: 12345, data: Data("x".utf8)) }
        await expectDatabricksError(.resourceDoesNotExist) { try await fixture.dbfs.close(handle: 12345) }
        let handle = try await fixture.dbfs.create(DBFSCreate(path: "/f"))
        await expectDatabricksError(.maxBlockSizeExceeded) {
            try await fixture.dbfs.addBlock(handle: handle, data: Data.pattern(DBFSLimits.maxBlockBytes + 1))
        }
        try await fixture.dbfs.close(handle: handle)
        await expectDatabricksError(.resourceAlreadyExists) { _ = try await fixture.dbfs.create(DBFSCreate(path: "/f")) }
    }

    @Test func readErrors() async throws {
        let fixture = try await EngineFixture()
        try await fixture.dbfs.put(DBFSPut(path: "/r", contents: Data.pattern(100)))
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.dbfs.read("/r", offset: 101, length: 1) }
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.dbfs.read("/r", offset: -1, length: 1) }
        await expectDatabricksError(.maxReadSizeExceeded) {
            _ = try await fixture.dbfs.read("/r", offset: 0, length: Int64(DBFSLimits.maxBlockBytes + 1))
        }
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await fixture.dbfs.read("/none", offset: 0, length: 1) }
        try await fixture.dbfs.mkdirs("/dir")
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.dbfs.read("/dir", offset: 0, length: 1) }
    }

    @Test func listMkdirsDeleteMove() async throws {
        let fixture = try await EngineFixture()
        try await fixture.dbfs.mkdirs("/build/repo/1")
        try await fixture.dbfs.mkdirs("/build/repo/1")
        try await fixture.dbfs.put(DBFSPut(path: "/build/repo/1/a.txt", contents: Data("a".utf8)))
        try await fixture.dbfs.put(DBFSPut(path: "/build/repo/1/b.txt", contents: Data("bb".utf8)))
        let listed = try await fixture.dbfs.list("/build/repo/1")
        #expect(listed.map(\.path) == ["/build/repo/1/a.txt", "/build/repo/1/b.txt"])
        #expect(listed.map(\.fileSize) == [1, 2])
        #expect(try await fixture.dbfs.list("/build/repo/1/a.txt").map(\.path) == ["/build/repo/1/a.txt"])
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await fixture.dbfs.list("/none") }
        await expectDatabricksError(.resourceAlreadyExists) { try await fixture.dbfs.mkdirs("/build/repo/1/a.txt/sub") }

        await expectDatabricksError(.resourceAlreadyExists) {
            try await fixture.dbfs.move(from: "/build/repo/1/a.txt", to: "/build/repo/1/b.txt")
        }
        await expectDatabricksError(.resourceDoesNotExist) { try await fixture.dbfs.move(from: "/build/none", to: "/build/x") }
        try await fixture.dbfs.move(from: "/build/repo/1", to: "/archive/repo/1")
        #expect(try await fixture.dbfs.list("/archive/repo/1").count == 2)

        await expectDatabricksError(.ioError) { try await fixture.dbfs.delete("/archive", recursive: false) }
        try await fixture.dbfs.delete("/archive", recursive: true)
        await expectDatabricksError(.resourceDoesNotExist) { _ = try await fixture.dbfs.status("/archive") }
        try await fixture.dbfs.delete("/archive", recursive: true)
    }

    @Test func volumesThroughTheFilesAPI() async throws {
        let fixture = try await EngineFixture()
        let folder = TemporaryFolder()
        let source = try folder.write("model.rds", String(repeating: "m", count: 5000))
        try await fixture.files.upload("/Volumes/main/ci/models/repo/1/model.rds", from: .file(source), overwrite: false)
        let metadata = try await fixture.files.metadata("/Volumes/main/ci/models/repo/1/model.rds")
        #expect(metadata.contentLength == 5000)
        let copy = folder.path("copy.rds")
        try await fixture.files.download("/Volumes/main/ci/models/repo/1/model.rds", to: copy)
        #expect(try Data(contentsOf: copy) == Data(contentsOf: source))
        // The same bytes are dbfs:/Volumes/…, as on Databricks.
        #expect(try await fixture.dbfs.status("dbfs:/Volumes/main/ci/models/repo/1/model.rds").fileSize == 5000)

        await expectDatabricksError(.alreadyExists) {
            try await fixture.files.upload("/Volumes/main/ci/models/repo/1/model.rds", from: .data(Data()), overwrite: false)
        }
        let notVolume = await expectDatabricksError(.invalidParameterValue) {
            try await fixture.files.upload("/tmp/x", from: .data(Data()), overwrite: true)
        }
        #expect(notVolume?.message.contains("/Volumes/<catalog>/<schema>/<volume>") == true)
        await expectDatabricksError(.notFound) { _ = try await fixture.files.metadata("/Volumes/main/ci/models/none") }
        await expectDatabricksError(.notFound) { try await fixture.files.delete("/Volumes/main/ci/models/none") }
        try await fixture.files.delete("/Volumes/main/ci/models/repo/1/model.rds")
        await expectDatabricksError(.notFound) { _ = try await fixture.files.metadata("/Volumes/main/ci/models/repo/1/model.rds") }
    }

    @Test func volumeDirectoriesPage() async throws {
        let fixture = try await EngineFixture()
        try await fixture.files.createDirectory("/Volumes/main/ci/data/batch")
        try await fixture.files.createDirectory("/Volumes/main/ci/data/batch")
        try await fixture.files.directoryMetadata("/Volumes/main/ci/data/batch")
        await expectDatabricksError(.notFound) { try await fixture.files.directoryMetadata("/Volumes/main/ci/data/none") }
        for index in 0..<5 {
            try await fixture.files.upload("/Volumes/main/ci/data/batch/f\(index).csv", from: .data(Data("\(index)".utf8)), overwrite: true)
        }
        try await fixture.files.createDirectory("/Volumes/main/ci/data/batch/sub")
        var names: [String] = []
        var token: String?
        repeat {
            let page = try await fixture.files.listDirectory("/Volumes/main/ci/data/batch", pageSize: 2, pageToken: token)
            names += (page.contents ?? []).map(\.name)
            #expect((page.contents ?? []).count <= 2)
            token = page.nextPageToken
        } while token != nil
        #expect(names == ["f0.csv", "f1.csv", "f2.csv", "f3.csv", "f4.csv", "sub"])
        await expectDatabricksError(.directoryNotEmpty) { try await fixture.files.deleteDirectory("/Volumes/main/ci/data/batch") }
        try await fixture.files.deleteDirectory("/Volumes/main/ci/data/batch/sub")
        await expectDatabricksError(.notFound) { try await fixture.files.deleteDirectory("/Volumes/main/ci/data/batch/sub") }
        await expectDatabricksError(.invalidParameterValue) {
            _ = try await fixture.files.listDirectory("/Volumes/main/ci/data/batch", pageSize: 5000, pageToken: nil)
        }
    }
}
