import Testing

/// The engine's answers read into the Python SDK's dataclasses and written back
/// (`from_dict(answer).as_dict()`): a key the SDK drops is one Databricks does not send, or one
/// this SDK version lacks; each such key is listed in `KnownRoundTripLoss` with its reason.
@Suite("Conformance: the engine's answers through the Python SDK's dataclasses", .timeLimit(.minutes(3)))
struct RoundTripConformanceTests {
    @Test(arguments: KnownRoundTripLoss.roundTripped)
    func answerSurvivesTheSDK(_ operation: String) async throws {
        let run = try await ConformanceRun.shared.value
        let trip = try #require(run.roundTrips.first { $0.operation == operation }, "the SDK round-tripped \(operation)")
        try #require(!trip.keys.isEmpty, "\(operation) answered something")
        #expect(trip.dropped == KnownRoundTripLoss.expected(for: operation), "\(trip.type) dropped these keys")
        #expect(trip.added == [], "\(trip.type) added keys the engine did not send")
        #expect(trip.changed == [], "\(trip.type) changed values")
    }

    @Test func everyJSONAnswerWasRoundTripped() async throws {
        let run = try await ConformanceRun.shared.value
        #expect(run.roundTrips.map(\.operation) == KnownRoundTripLoss.roundTripped)
    }
}
