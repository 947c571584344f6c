import KilnPipeline
import Testing

/// Storage paths: which store a root goes to, normalization, and what cleanup may rely on.
@Suite("Storage paths")
struct StoragePathTests {
    @Test func rootsGoToTheirStore() throws {
        let dbfs = try StoragePath("dbfs:/kiln//build/")
        #expect(dbfs.store == .dbfs)
        #expect(dbfs.path == "/kiln/build")
        #expect(dbfs.description == "dbfs:/kiln/build")
        let volume = try StoragePath("/Volumes/main/default/kiln/build")
        #expect(volume.store == .volumes)
        #expect(volume.description == "/Volumes/main/default/kiln/build")
        #expect(try StoragePath("dbfs:/").path == "/")
    }

    @Test(arguments: ["/tmp/x", "s3://bucket/x", "dbfs:kiln", "dbfs:/kiln/../etc", "/Volumes/main/default", "dbfs:/a/./b", ""])
    func badRootsAreRefused(_ text: String) {
        #expect(throws: StoragePathError.self) { try StoragePath(text) }
    }

    @Test func appendingAndContainment() throws {
        let build = try StoragePath("dbfs:/kiln/build/r-model")
        let model = try build.appending("42/models/model.rds")
        #expect(model.description == "dbfs:/kiln/build/r-model/42/models/model.rds")
        #expect(model.name == "model.rds")
        #expect(build.contains(model))
        #expect(build.relativePath(of: model) == "42/models/model.rds")
        #expect(!build.contains(try StoragePath("dbfs:/kiln/build/r-model-2/x")))
        #expect(!build.contains(try StoragePath("/Volumes/main/default/kiln/build/r-model")))
        #expect(throws: StoragePathError.self) { try build.appending("../other") }
        #expect(throws: StoragePathError.self) { try build.appending("/") }
    }
}
