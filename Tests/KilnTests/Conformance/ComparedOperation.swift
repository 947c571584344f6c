import Testing

/// One operation as Kiln performs it beside the SDK call it is compared with; the two names match
/// except where the SDK has a second way of doing the same (`workspace.upload` for an import).
struct ComparedOperation: Sendable, CustomTestStringConvertible {
    var kiln: String
    var sdk: String

    var testDescription: String { kiln == sdk ? kiln : "\(kiln) vs the SDK's \(sdk)" }

    /// Every operation Kiln's client uses, in the order both sides perform them.
    static let all: [ComparedOperation] =
        [
            "workspace.mkdirs", "workspace.import.source", "workspace.import.jupyter", "workspace.export", "workspace.list",
            "workspace.get-status", "dbfs.mkdirs", "dbfs.put", "dbfs.create", "dbfs.add-block", "dbfs.close", "dbfs.read", "dbfs.list",
            "dbfs.get-status", "dbfs.move", "dbfs.delete", "files.create-directory", "files.upload", "files.download",
            "files.get-metadata", "files.get-directory-metadata", "files.list-directory", "files.delete", "files.delete-directory",
            "clusters.get", "clusters.start", "jobs.create", "jobs.reset", "jobs.get", "jobs.list", "jobs.run-now", "jobs.runs.get",
            "jobs.runs.get-output", "jobs.runs.list", "jobs.runs.cancel", "jobs.delete", "workspace.delete", "secrets.scopes.create",
            "secrets.put", "secrets.list", "secrets.scopes.list", "secrets.delete", "secrets.scopes.delete",
        ].map { ComparedOperation(kiln: $0, sdk: $0) } + [ComparedOperation(kiln: "workspace.import.source", sdk: "workspace.upload")]
}
