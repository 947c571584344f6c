/// A storage path that Kiln cannot use, and why.
public struct StoragePathError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String

    init(_ text: String, _ reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "'\(text)' is not a storage path: \(reason)." }
}
