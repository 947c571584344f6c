/// Why no connection to a workspace could be configured. The description says which sources
/// were read and what to set where; it names keys and sources, never a value.
public struct ClientConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case missingHost
        case invalidHost
        case missingCredentials
        case incompleteCredentials
        case conflictingCredentials
        case unsupportedAuthType
        case profileNotFound
        case malformedConfigFile(line: Int)
        case invalidValue
    }

    public var kind: Kind
    public var description: String

    init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
