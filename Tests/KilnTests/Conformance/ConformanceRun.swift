import Foundation
import KilnServer

/// Every operation performed once through Kiln's client and once through the SDK, one after the
/// other against one `kiln serve` that records every request; shared by the conformance tests,
/// which only read it.
struct ConformanceRun: Sendable {
    /// The requests of each operation, by name.
    var kiln: [String: [RecordedRequest]]
    var sdk: [String: [RecordedRequest]]
    var roundTrips: [SDKRoundTrip]

    /// The one run, started by the first test that asks.
    static let shared = Task { try await collect() }

    private static func collect() async throws -> ConformanceRun {
        let folder = TemporaryFolder("kiln-conformance")
        let recorder = try RequestRecorder(file: folder.path("requests.jsonl"))
        return try await ServerFixture.run(recorder: recorder) { api in
            let kiln = try await api.withClient { client in
                try await KilnOperations(databricks: client.databricks, recorder: recorder, scratch: folder.url).performAll()
            }
            let sdk = try await SDKOperations(api: api, recorder: recorder, home: folder.url).performAll()
            return ConformanceRun(kiln: kiln, sdk: sdk.requests, roundTrips: sdk.roundTrips)
        }
    }
}
