/// A credential (a token or a client secret) that never shows itself.
///
/// Printing, interpolating, dumping or reflecting it gives `<redacted>`, so no log line, error
/// message or description can carry the value by accident; only the transport reads `value`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
