import Foundation
import KilnAPI
import KilnClient
import Testing

@testable import KilnEngine

/// The two targets every contract test runs on: the embedded engine called in-process, and the
/// REST client talking to `kiln serve` (the same engine behind the REST API, on a loopback port).
/// A test written once against `Databricks` must pass on both: that is the contract.
enum ContractTarget: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case engine
    case client

    var testDescription: String {
        switch self {
        case .engine: "engine in-process"
        case .client: "REST client ↔ kiln serve"
        }
    }

    /// Runs `body` against a fresh workspace of this target.
    ///
    /// - Parameter executor: runs the tasks of runs; nil for the real notebook runtimes.
    func run(executor: (any TaskExecutor)? = ScriptedExecutor(), _ body: @escaping @Sendable (ContractWorld) async throws -> Void)
        async throws
    {
        switch self {
        case .engine:
            let folder = TemporaryFolder("kiln-contract")
            let engine = try await Engine(state: StateFolder(folder.path("state")), executor: executor)
            do {
                try await body(ContractWorld(target: self, databricks: engine.databricks, engine: engine, scratch: folder))
            } catch {
                await engine.stopActiveRuns()
                throw error
            }
            await engine.stopActiveRuns()
        case .client:
            try await ServerFixture.run(executor: executor) { api in
                try await api.withClient { client in
                    try await body(
                        ContractWorld(
                            target: self, databricks: client.databricks, engine: api.engine, scratch: TemporaryFolder("kiln-contract")))
                }
            }
        }
    }
}

/// One target's services, the engine behind them (to wait for a run's end without polling) and
/// a local folder for the test's files.
struct ContractWorld: Sendable {
    let target: ContractTarget
    let databricks: Databricks
    let engine: Engine
    let scratch: TemporaryFolder

    var workspace: any WorkspaceService { databricks.workspace }
    var dbfs: any DBFSService { databricks.dbfs }
    var files: any FilesService { databricks.files }
    var jobs: any JobsService { databricks.jobs }
    var clusters: any ClustersService { databricks.clusters }
}

/// Runs `body`, expecting exactly `expected` (code, message and status) to be thrown: the two
/// targets must fail alike, with the engine's words.
func expectError(_ expected: DatabricksError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(expected), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as DatabricksError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}
