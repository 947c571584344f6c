/// Failures of the engine itself, as opposed to Databricks errors answered to a caller.
public enum EngineError: Error, CustomStringConvertible, Sendable {
    case stateFolder(String, String)
    case database(String, String)
    case stateInUse(String, holder: String)

    public var description: String {
        switch self {
        case .stateFolder(let path, let reason):
            "cannot use the engine's state folder \(path): \(reason). Choose another with --state DIR or KILN_STATE."
        case .stateInUse(let path, let holder):
            "the engine's state folder \(path) is in use by another kiln process\(holder.isEmpty ? "" : " (pid \(holder))"): "
                + "give this one its own --state DIR, or reach the running kiln serve through a workspace target."
        case .database(let path, let reason):
            "cannot open the engine's database \(path): \(reason). Move it aside to start from an empty state."
        }
    }
}
