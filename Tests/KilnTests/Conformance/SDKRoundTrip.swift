/// What became of one JSON answer of `kiln serve` when the SDK read it into its dataclass and wrote
/// it back (`from_dict(answer).as_dict()`), by key path (`tasks[].state.life_cycle_state`).
struct SDKRoundTrip: Decodable, Sendable {
    var operation: String
    /// The SDK's dataclass.
    var type: String
    /// Every key path of the answer.
    var keys: [String]
    /// Paths the dataclass has no field for, or leaves out when empty.
    var dropped: [String]
    /// Paths the dataclass adds.
    var added: [String]
    /// Paths whose value came back different.
    var changed: [String]
}
