import Foundation

/// Secrets API 2.0: scopes of secrets that notebooks read with `dbutils.secrets.get`. Values go
/// in and never come back out through the API, as on Databricks.
public protocol SecretsService: Sendable {
    func createScope(_ scope: String) async throws
    func listScopes() async throws -> [SecretScope]
    func deleteScope(_ scope: String) async throws
    /// Creates or replaces a secret; the scope must exist.
    func put(scope: String, key: String, value: Data) async throws
    /// The scope's keys and when each was last set; never a value.
    func listSecrets(scope: String) async throws -> [SecretMetadata]
    func delete(scope: String, key: String) async throws
}

/// An entry of `secrets/scopes/list`.
public struct SecretScope: Codable, Sendable, Hashable {
    public var name: String
    public var backendType: String?

    public init(name: String, backendType: String? = "DATABRICKS") {
        self.name = name
        self.backendType = backendType
    }

    enum CodingKeys: String, CodingKey {
        case name
        case backendType = "backend_type"
    }
}

/// An entry of `secrets/list`.
public struct SecretMetadata: Codable, Sendable, Hashable {
    public var key: String
    /// Milliseconds since the epoch.
    public var lastUpdatedTimestamp: Int64?

    public init(key: String, lastUpdatedTimestamp: Int64?) {
        self.key = key
        self.lastUpdatedTimestamp = lastUpdatedTimestamp
    }

    enum CodingKeys: String, CodingKey {
        case key
        case lastUpdatedTimestamp = "last_updated_timestamp"
    }
}

/// The request bodies of the Secrets API.
public enum SecretsRequest {
    public struct Scope: Codable, Sendable {
        public var scope: String
        public init(scope: String) { self.scope = scope }
    }

    public struct Put: Codable, Sendable {
        public var scope: String
        public var key: String
        public var stringValue: String?
        public var bytesValue: String?

        public init(scope: String, key: String, value: Data) {
            self.scope = scope
            self.key = key
            if let text = String(data: value, encoding: .utf8) { stringValue = text } else { bytesValue = value.base64EncodedString() }
        }

        /// The value's bytes: `string_value` as UTF-8, or `bytes_value` from base64.
        public var value: Data? {
            if let stringValue { return Data(stringValue.utf8) }
            return bytesValue.flatMap { Data(base64Encoded: $0) }
        }

        enum CodingKeys: String, CodingKey {
            case scope, key
            case stringValue = "string_value"
            case bytesValue = "bytes_value"
        }
    }

    public struct Delete: Codable, Sendable {
        public var scope: String
        public var key: String
        public init(scope: String, key: String) {
            self.scope = scope
            self.key = key
        }
    }

    public struct Scopes: Codable, Sendable {
        public var scopes: [SecretScope]?
        public init(scopes: [SecretScope]) { self.scopes = scopes }
    }

    public struct Secrets: Codable, Sendable {
        public var secrets: [SecretMetadata]?
        public init(secrets: [SecretMetadata]) { self.secrets = secrets }
    }
}
