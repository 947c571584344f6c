/// `keep:` — whether a build's workspace and storage folders outlive it, for debugging.
public enum KeepPolicy: String, Sendable, Hashable, CaseIterable {
    /// Always delete them (the default): builds leave nothing behind.
    case never
    /// Keep them when the build fails, to look at what the tests saw.
    case onFailure = "on_failure"
    case always

    init(_ node: ConfigNode?) throws(ConfigError) {
        guard let node else {
            self = .never
            return
        }
        let text = try node.string()
        guard let policy = Self(rawValue: text) else {
            let allowed = Self.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
            throw node.invalid("`\(text)` is not a keep policy; write one of \(allowed)")
        }
        self = policy
    }

    /// Whether a build that ended this way keeps its folders.
    public func keeps(afterFailure failed: Bool) -> Bool {
        switch self {
        case .never: false
        case .onFailure: failed
        case .always: true
        }
    }
}
