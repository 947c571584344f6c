import Foundation

/// Maps the storage paths a notebook is given (`dbfs:/x`, `/dbfs/x`, `/Volumes/…`) to the
/// engine's store folder, so that R's `readRDS` and Python's `open` find the files there, as they
/// find them through the FUSE mounts of a Databricks cluster.
struct StorePaths: Sendable {
    let store: LocalStore

    /// The local path for a value that names a storage path; any other value unchanged.
    func localValue(_ value: String) -> String {
        for prefix in ["dbfs:/", "/dbfs/"] where value.hasPrefix(prefix) {
            return mapped("/" + value.dropFirst(prefix.count)) ?? value
        }
        if value == "/dbfs" || value == "dbfs:" { return store.root.path }
        if value.hasPrefix("/Volumes/") { return mapped(value) ?? value }
        return value
    }

    /// The local file of a value that names storage (`dbfs:/…`, `/dbfs/…`, `/Volumes/…`); nil
    /// for anything else, such as a workspace path.
    func storageFile(_ value: String) -> String? {
        let local = localValue(value)
        return local != value || value.hasPrefix("/dbfs") ? local : nil
    }

    private func mapped(_ path: String) -> String? {
        (try? LocalStore.dbfsPath(path)).map { store.url($0).path }
    }
}
