/// A documented way in which Kiln's requests for an operation legitimately differ from the SDK's:
/// what differs, why that is right, and how to turn the SDK's request into Kiln's. The suite
/// checks that each one still happens, so that a difference that went away is taken off the list.
struct KnownDifference: Sendable {
    var what: String
    var why: String
    var applies: @Sendable (ComparedOperation) -> Bool
    var sdkToKiln: @Sendable (inout WireShape) -> Void

    static let all: [KnownDifference] = [
        KnownDifference(
            what: "Jobs 2.1 paths (/api/2.1/jobs/…) where the SDK uses 2.2",
            why: """
                Kiln reads Jobs 2.1, where runs/get answers every task of a run at once; 2.2 pages tasks and job clusters \
                past 100 with next_page_token. Databricks serves both versions with the same request fields.
                """,
            applies: { $0.kiln.hasPrefix("jobs.") },
            sdkToKiln: { $0.path = $0.path.replacingOccurrences(of: "/api/2.2/jobs/", with: "/api/2.1/jobs/") }),
        KnownDifference(
            what: "a JSON import with base64 content where the SDK's upload() sends multipart/form-data",
            why: """
                workspace.upload() is the SDK's convenience for files; its generated import_() (and SDK-go's Import) send the \
                JSON body Kiln sends. The API takes both; the JSON body caps a notebook at 10 MB, as the multipart one does.
                """,
            applies: { $0.sdk == "workspace.upload" },
            sdkToKiln: { shape in
                // A form's fields are all text; in the JSON body overwrite is a boolean.
                shape.contentType = "application/json"
                shape.bodyTypes = Dictionary(
                    uniqueKeysWithValues: (shape.bodyKeys ?? []).map { ($0, $0 == "overwrite" ? "boolean" : "string") })
            }),
    ]
}
