import Foundation
import KilnAPI
import KilnClient
import Testing

@testable import KilnEngine
@testable import KilnPipeline

/// A workspace with legacy DBFS disabled refuses every `dbfs:/` call: the build fails with an error
/// that says so and names what to change, and the same build with a `/Volumes/...` root passes.
@Suite("kiln build: legacy DBFS disabled", .timeLimit(.minutes(3)))
struct LegacyDBFSTests {
    @Test func aRefusedDBFSRootNamesTheVolumesFix() async throws {
        let repository = try await ExampleRepository("r-model")
        try await ServerFixture.run(faults: "403@1,on=/api/2.0/dbfs/*") { api in
            do {
                let status = try await api.withClient { client in
                    let session = try await repository.session(through: client, of: api, buildID: "no-dbfs")
                    return try await BuildPipeline(session: session, force: true).run()
                }
                Issue.record("the build ended \(status) on a workspace that refuses DBFS")
            } catch {
                #expect(ExitStatus(for: error) == .workspaceFailed)
                #expect("\(error)".contains("dbfs:/kiln/build"), "\(error)")
                #expect("\(error)".contains("set storage_root in kiln.yml to a Unity Catalog volume"), "\(error)")
            }
        }
    }

    @Test func aVolumesRootPassesWhereDBFSIsRefused() async throws {
        let repository = try await ExampleRepository("r-model")
        let config = repository.url.appendingPathComponent("kiln.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "storage_root: dbfs:/kiln/build", with: "storage_root: /Volumes/main/ci/kiln/build")
            .write(to: config, atomically: true, encoding: .utf8)
        try await ServerFixture.run(faults: "403@1,on=/api/2.0/dbfs/*") { api in
            let status = try await api.withClient { client in
                let session = try await repository.session(through: client, of: api, buildID: "volumes")
                return try await BuildPipeline(session: session, force: true).run()
            }
            #expect(status == .passed)
        }
    }
}
