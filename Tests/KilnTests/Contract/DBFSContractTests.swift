import Foundation
import KilnAPI
import Testing

/// DBFS API 2.0, on both targets.
@Suite("Contract: DBFS", .serialized, .timeLimit(.minutes(1)))
struct DBFSContractTests {
    static let block = DBFSLimits.maxBlockBytes

    @Test(arguments: ContractTarget.allCases)
    func putReadListAndStatus(_ target: ContractTarget) async throws {
        try await target.run { world in
            let dbfs = world.dbfs
            try await dbfs.mkdirs("dbfs:/kiln/x")
            try await dbfs.put(DBFSPut(path: "dbfs:/kiln/x/a.txt", contents: Data("hello".utf8)))
            #expect(try await dbfs.read("/kiln/x/a.txt", offset: 0, length: nil) == DBFSReadResult(bytesRead: 5, data: Data("hello".utf8)))
            #expect(try await dbfs.read("/kiln/x/a.txt", offset: 1, length: 3).data == Data("ell".utf8))
            #expect(try await dbfs.read("/kiln/x/a.txt", offset: 5, length: 10).bytesRead == 0)

            let status = try await dbfs.status("/kiln/x/a.txt")
            #expect(status.path == "/kiln/x/a.txt" && !status.isDir && status.fileSize == 5 && status.modificationTime > 0)
            #expect(try await dbfs.status("/kiln/x").isDir)
            #expect(try await dbfs.list("/kiln/x").map(\.path) == ["/kiln/x/a.txt"])
            #expect(try await dbfs.list("/kiln/x/a.txt").map(\.path) == ["/kiln/x/a.txt"])
            try await dbfs.mkdirs("/kiln/x/empty")
            #expect(try await dbfs.list("/kiln/x/empty").isEmpty)

            await expectError(.alreadyExists("A file or directory already exists at the input path dbfs:/kiln/x/a.txt.")) {
                try await dbfs.put(DBFSPut(path: "/kiln/x/a.txt", contents: Data("again".utf8)))
            }
            try await dbfs.put(DBFSPut(path: "/kiln/x/a.txt", contents: Data("again".utf8), overwrite: true))
            #expect(try await dbfs.read("/kiln/x/a.txt", offset: 0, length: nil).data == Data("again".utf8))
            await expectError(
                DatabricksError(
                    .maxBlockSizeExceeded,
                    "The contents of a put are \(Self.block + 1) bytes, over the 1 MB limit: use create, add-block and close.")
            ) {
                try await dbfs.put(DBFSPut(path: "/kiln/x/big", contents: .sample(Self.block + 1), overwrite: true))
            }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func streamingThroughAHandle(_ target: ContractTarget) async throws {
        try await target.run { world in
            let dbfs = world.dbfs
            let contents = Data.sample(2 * Self.block + 10)
            let handle = try await dbfs.create(DBFSCreate(path: "/kiln/big.bin"))
            for start in stride(from: 0, to: contents.count, by: Self.block) {
                try await dbfs.addBlock(handle: handle, data: contents[start..<min(contents.count, start + Self.block)])
            }
            // The file appears only when the handle is closed.
            await expectError(.doesNotExist("No file or directory exists on path dbfs:/kiln/big.bin.")) {
                _ = try await dbfs.status("/kiln/big.bin")
            }
            try await dbfs.close(handle: handle)
            #expect(try await dbfs.status("/kiln/big.bin").fileSize == Int64(contents.count))

            var read = Data()
            while true {
                let page = try await dbfs.read("/kiln/big.bin", offset: Int64(read.count), length: Int64(Self.block))
                if page.bytesRead == 0 { break }
                read += page.data
            }
            #expect(read == contents)

            let lost = DatabricksError.doesNotExist(
                "There is no open handle \(handle): it was closed, never created, or idle for over 10 minutes.")
            await expectError(lost) { try await dbfs.addBlock(handle: handle, data: Data("x".utf8)) }
            await expectError(lost) { try await dbfs.close(handle: handle) }
            await expectError(.alreadyExists("A file or directory already exists at the input path dbfs:/kiln/big.bin.")) {
                _ = try await dbfs.create(DBFSCreate(path: "/kiln/big.bin"))
            }
            let again = try await dbfs.create(DBFSCreate(path: "/kiln/big.bin", overwrite: true))
            await expectError(
                DatabricksError(.maxBlockSizeExceeded, "The block is \(Self.block + 1) bytes, over the 1 MB limit of add-block.")
            ) {
                try await dbfs.addBlock(handle: again, data: .sample(Self.block + 1))
            }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func readErrors(_ target: ContractTarget) async throws {
        try await target.run { world in
            let dbfs = world.dbfs
            try await dbfs.put(DBFSPut(path: "/kiln/x/a.txt", contents: Data("hello".utf8)))
            await expectError(DatabricksError(.maxReadSizeExceeded, "length 2000000 is over the 1 MB limit of a read.")) {
                _ = try await dbfs.read("/kiln/x/a.txt", offset: 0, length: 2_000_000)
            }
            await expectError(.invalidParameter("dbfs:/kiln/x is a directory, not a file.")) {
                _ = try await dbfs.read("/kiln/x", offset: 0, length: nil)
            }
            await expectError(.invalidParameter("offset 99 is past the end of dbfs:/kiln/x/a.txt, which is 5 bytes.")) {
                _ = try await dbfs.read("/kiln/x/a.txt", offset: 99, length: nil)
            }
            await expectError(.invalidParameter("offset and length must not be negative (offset -1, length 10).")) {
                _ = try await dbfs.read("/kiln/x/a.txt", offset: -1, length: 10)
            }
            let missing = DatabricksError.doesNotExist("No file or directory exists on path dbfs:/kiln/none.")
            await expectError(missing) { _ = try await dbfs.read("/kiln/none", offset: 0, length: nil) }
            await expectError(missing) { _ = try await dbfs.list("/kiln/none") }
            await expectError(missing) { _ = try await dbfs.status("/kiln/none") }
            await expectError(.invalidParameter("Path (kiln/x) is not absolute: DBFS paths start with '/' or 'dbfs:/'.")) {
                _ = try await dbfs.status("kiln/x")
            }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func mkdirsDeleteAndMove(_ target: ContractTarget) async throws {
        try await target.run { world in
            let dbfs = world.dbfs
            try await dbfs.put(DBFSPut(path: "/kiln/x/a.txt", contents: Data("hello".utf8)))
            await expectError(.alreadyExists("A file or directory already exists at the input path dbfs:/kiln/x/a.txt.")) {
                try await dbfs.mkdirs("/kiln/x/a.txt/sub")
            }
            await expectError(DatabricksError(.ioError, "dbfs:/kiln/x is a non-empty directory: delete it with recursive set to true.")) {
                try await dbfs.delete("/kiln/x", recursive: false)
            }
            try await dbfs.delete("/kiln/none", recursive: false)

            try await dbfs.move(from: "/kiln/x/a.txt", to: "dbfs:/kiln/y/b.txt")
            #expect(try await dbfs.read("/kiln/y/b.txt", offset: 0, length: nil).data == Data("hello".utf8))
            await expectError(.doesNotExist("No file or directory exists on path dbfs:/kiln/x/a.txt.")) {
                try await dbfs.move(from: "/kiln/x/a.txt", to: "/kiln/z")
            }
            try await dbfs.put(DBFSPut(path: "/kiln/x/c.txt", contents: Data()))
            await expectError(.alreadyExists("A file or directory already exists at the input path dbfs:/kiln/y/b.txt.")) {
                try await dbfs.move(from: "/kiln/x/c.txt", to: "/kiln/y/b.txt")
            }
            try await dbfs.move(from: "/kiln/y", to: "/kiln/moved")
            #expect(try await dbfs.list("/kiln/moved").map(\.path) == ["/kiln/moved/b.txt"])

            try await dbfs.delete("/kiln", recursive: true)
            await expectError(.doesNotExist("No file or directory exists on path dbfs:/kiln.")) { _ = try await dbfs.status("/kiln") }
            await expectError(.invalidParameter("The root of DBFS cannot be deleted.")) { try await dbfs.delete("/", recursive: true) }
        }
    }
}
