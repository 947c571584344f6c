/// `object_type` of a workspace object.
public struct ObjectType: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let notebook: ObjectType = "NOTEBOOK"
    public static let directory: ObjectType = "DIRECTORY"
    public static let library: ObjectType = "LIBRARY"
    public static let file: ObjectType = "FILE"
    public static let repo: ObjectType = "REPO"
    public static let dashboard: ObjectType = "DASHBOARD"
}

/// A notebook's `language`.
public struct NotebookLanguage: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let python: NotebookLanguage = "PYTHON"
    public static let r: NotebookLanguage = "R"
    public static let scala: NotebookLanguage = "SCALA"
    public static let sql: NotebookLanguage = "SQL"

    /// The language a file extension means, as the Databricks CLI detects it (`.r` and `.R` alike).
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "py", "ipynb": self = .python
        case "r": self = .r
        case "scala": self = .scala
        case "sql": self = .sql
        default: return nil
        }
    }

    /// The extension a SOURCE export of this language carries.
    public var fileExtension: String {
        switch self {
        case .python: "py"
        case .r: "r"
        case .scala: "scala"
        case .sql: "sql"
        default: rawValue.lowercased()
        }
    }

    /// The line comment of the language, which prefixes the source format's header and separators.
    public var commentPrefix: String {
        switch self {
        case .scala: "//"
        case .sql: "--"
        default: "#"
        }
    }
}

/// The `format` of an import or export.
public struct ExportFormat: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let source: ExportFormat = "SOURCE"
    public static let html: ExportFormat = "HTML"
    public static let jupyter: ExportFormat = "JUPYTER"
    public static let dbc: ExportFormat = "DBC"
    public static let rMarkdown: ExportFormat = "R_MARKDOWN"
    public static let auto: ExportFormat = "AUTO"
    public static let raw: ExportFormat = "RAW"
}
