import ArgumentParser
import Foundation
import KilnEngine

/// Where the embedded engine keeps its state.
struct EngineOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The engine's state folder (default: KILN_STATE, else .kiln/engine).", valueName: "dir"))
    var state: String?

    var stateFolder: StateFolder { StateFolder.resolve(option: state) }

    func openEngine() async throws -> Engine {
        try await Engine(state: stateFolder)
    }
}
