/// A resolved value and where it came from.
typealias ConfigValue = (value: String, source: ConfigSource)

/// The parts of an error message that say where a missing value could go.
struct ConfigurationHints {
    var profile: String
    var file: String
    var fileNote: String

    func addToProfile(_ key: String) -> String { "add \(key) to profile [\(profile)] in \(file)" }

    /// `set ARM_TENANT_ID or add azure_tenant_id to profile [ci] in …`.
    func set(_ attribute: ConfigAttribute) -> String {
        "set \(attribute.environmentVariable.map { "\($0) or " } ?? "")\(addToProfile(attribute.fileKey))"
    }
}
