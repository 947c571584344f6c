import Foundation
import KilnServer
import Testing

/// The whole suite's secret check finds a token or a client secret in an output or a record, and
/// writes where, never what.
@Suite("The suite's secret sweep")
struct SecretSweepTests {
    @Test func aTokenInAnOutputIsFoundAndNotRepeated() throws {
        let folder = TemporaryFolder()
        let finds = folder.path("finds.txt")
        let token = ServerConfiguration.generateToken()
        SecretSweep.search("run: started\nAuthorization: Bearer \(token)\n", from: "kiln build", into: finds)
        SecretSweep.search("token: dapi…\(token.suffix(4)), masked", from: "kiln doctor", into: finds)
        let written = try String(contentsOf: finds, encoding: .utf8)
        #expect(written == "a kiln serve token in the output of kiln build\n")
        #expect(!written.contains(token))
    }

    @Test func aClientSecretInABuildRecordIsFound() throws {
        let folder = TemporaryFolder()
        let finds = folder.path("finds.txt")
        try folder.write("state/dbfs/kiln/build/r/1/build.json", #"{"note": "kiln-secret-\#(UUID().uuidString)"}"#)
        try folder.write("state/dbfs/kiln/build/r/1/notes.txt", "kiln-secret-\(UUID().uuidString)")
        try folder.write("state/secrets/scope/key", "kiln-secret-\(UUID().uuidString)")
        SecretSweep.searchRecords(under: folder.url, into: finds)
        // Gone before the folder is swept on its way out, which would count it against the suite.
        try FileManager.default.removeItem(at: folder.path("state"))
        #expect(try String(contentsOf: finds, encoding: .utf8) == "a client secret in <test folder>/state/dbfs/kiln/build/r/1/build.json\n")
    }
}
