import Foundation
import KilnAPI

@testable import KilnEngine

/// An engine on a state folder of its own, with the scripted executor unless told otherwise.
struct EngineFixture {
    let folder = TemporaryFolder("kiln-engine")
    let engine: Engine
    let executor: ScriptedExecutor

    init(executor: ScriptedExecutor = ScriptedExecutor()) async throws {
        self.executor = executor
        engine = try await Engine(state: StateFolder(folder.path("state")), executor: executor)
    }

    var databricks: Databricks { engine.databricks }
    var workspace: any WorkspaceService { engine.databricks.workspace }
    var dbfs: any DBFSService { engine.databricks.dbfs }
    var files: any FilesService { engine.databricks.files }
    var jobs: any JobsService { engine.databricks.jobs }
}

extension Data {
    /// `count` bytes of a repeating, position-dependent pattern, so a misplaced block shows.
    static func pattern(_ count: Int, seed: UInt8 = 7) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &+ ($0 >> 8)) })
    }
}
