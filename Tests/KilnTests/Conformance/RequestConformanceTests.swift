import KilnServer
import Testing

/// Kiln's requests beside the official Python SDK's, for each operation Kiln's client uses, both
/// recorded by one `kiln serve`: method, path, query keys, body keys and their JSON types, and
/// content type match, but for the documented differences of `KnownDifference`.
@Suite("Conformance: Kiln's requests against the Python SDK's", .timeLimit(.minutes(3)))
struct RequestConformanceTests {
    @Test(arguments: ComparedOperation.all)
    func sameRequestsAsTheSDK(_ operation: ComparedOperation) async throws {
        let run = try await ConformanceRun.shared.value
        let kiln = try #require(run.kiln[operation.kiln], "Kiln performed \(operation.kiln)").map(WireShape.init)
        let sdk = try #require(run.sdk[operation.sdk], "the SDK performed \(operation.sdk)").map(WireShape.init)
        try #require(!kiln.isEmpty && !sdk.isEmpty, "both made requests")
        var expected = sdk
        for difference in KnownDifference.all where difference.applies(operation) {
            var changed = expected
            for index in changed.indices { difference.sdkToKiln(&changed[index]) }
            #expect(changed != expected, "no longer different, take it off the list: \(difference.what)")
            expected = changed
        }
        #expect(kiln == expected, "Kiln sent\n\(kiln)\nwhere the SDK (with the documented differences) sends\n\(expected)")
    }

    /// Headers the SDK sends on its calls and Kiln does not, and why Kiln does without them.
    static let sdkOnlyHeaders = [
        "accept": "Databricks answers JSON whatever Accept says; the SDK sends application/json, or */* when no answer body is read.",
        "x-databricks-workspace-id": """
        The SDK sends the workspace id it read from /.well-known/databricks-config, which addresses a workspace behind a \
        unified host; a workspace's own URL (adb-….azuredatabricks.net) names it already. To confirm on a real workspace.
        """,
    ]

    @Test(arguments: ComparedOperation.all)
    func sameHeadersAsTheSDKButTheDocumentedOnes(_ operation: ComparedOperation) async throws {
        let run = try await ConformanceRun.shared.value
        let kiln = try #require(run.kiln[operation.kiln])
        let sdk = try #require(run.sdk[operation.sdk])
        #expect(kiln.map { Set($0.headers.keys) } == sdk.map { Set($0.headers.keys).subtracting(Self.sdkOnlyHeaders.keys) })
        #expect(kiln.map(\.credentialHeaders) == sdk.map(\.credentialHeaders))
        #expect(kiln.allSatisfy { $0.credentialHeaders == ["authorization"] })
    }

    @Test func bothPerformedEveryOperationAndNothingElse() async throws {
        let run = try await ConformanceRun.shared.value
        let waits: Set = ["wait"]
        #expect(Set(run.kiln.keys) == Set(ComparedOperation.all.map(\.kiln)).union(waits))
        let jobs21Reads = Set(run.roundTrips.map(\.operation).filter { $0.hasSuffix("@2.1") })
        #expect(Set(run.sdk.keys) == Set(ComparedOperation.all.map(\.sdk)).union(waits).union(jobs21Reads))
    }

    @Test func everyRequestWasAnsweredWithoutError() async throws {
        let run = try await ConformanceRun.shared.value
        let refused = (Array(run.kiln.values.joined()) + Array(run.sdk.values.joined())).filter { $0.status >= 400 }
        // Only the start of the engine's cluster, which always runs, is refused: INVALID_STATE, on both sides.
        #expect(refused.map(\.path).sorted() == ["/api/2.1/clusters/start", "/api/2.1/clusters/start"])
    }
}
