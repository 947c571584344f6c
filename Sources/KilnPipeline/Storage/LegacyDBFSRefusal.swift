import KilnAPI

/// Explains a DBFS call that the workspace refused because its legacy DBFS root is off.
///
/// Workspaces with `disable_legacy_dbfs`, or created under the account setting
/// `disable_legacy_features`, refuse the DBFS root and mounts, and Unity Catalog standard-access
/// clusters cannot write `/dbfs/…` either: the most likely "works locally, fails on Azure" of a
/// `dbfs:/` storage root. The answer is a permission error whose text varies, so the hint goes
/// with any refusal of a DBFS path, and says what to change: a `/Volumes/…` storage root.
enum LegacyDBFSRefusal {
    static let hint =
        "if this workspace has legacy DBFS disabled (the disable_legacy_dbfs or disable_legacy_features setting), it refuses "
        + "dbfs:/ paths: set storage_root in kiln.yml to a Unity Catalog volume, e.g. /Volumes/<catalog>/<schema>/<volume>/kiln/build"

    /// Runs a DBFS call on `path`; a refusal comes back with the hint added.
    static func explaining<T>(_ path: String, _ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let error as DatabricksError where isRefusal(error) {
            throw DatabricksError(error.code, "\(error.message) (dbfs:\(path); \(hint))", status: error.status)
        }
    }

    /// A permission error, or a message that says DBFS is off for this path.
    static func isRefusal(_ error: DatabricksError) -> Bool {
        error.status == 403 || error.code == .permissionDenied
            || error.message.contains("No operations allowed on this path")
            || (error.message.localizedCaseInsensitiveContains("dbfs") && error.message.localizedCaseInsensitiveContains("disabled"))
    }
}
