import KilnAPI

/// Why a notebook cannot be turned into a program; each case names the notebook and the cell.
public enum NotebookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `%run` cell that does not read as `%run <path> [$key=value …]` alone in its cell.
    case malformedRun(reason: String, origin: CellOrigin)
    /// A `%run` that would enter a notebook already being run; `chain` ends with that notebook.
    case runCycle(chain: [String], origin: CellOrigin)
    /// A `%run` whose target, resolved to `resolvedPath`, is not a notebook in the workspace.
    case runTargetNotFound(target: String, resolvedPath: String, origin: CellOrigin)
    /// A `%run` whose `..` components climb above the workspace root.
    case runAboveRoot(target: String, origin: CellOrigin)
    /// A `%run` nested deeper than the assembler's limit.
    case runTooDeep(target: String, limit: Int, origin: CellOrigin)
    /// A `%run` of a notebook in another language, which cannot share the caller's scope.
    case runLanguageMismatch(
        target: String, targetLanguage: NotebookLanguage, callerLanguage: NotebookLanguage,
        origin: CellOrigin)
    /// A language magic for another language than the notebook's own.
    case foreignLanguageCell(
        cellLanguage: NotebookLanguage, notebookLanguage: NotebookLanguage, origin: CellOrigin)
    /// A `%xyz` magic the engine does not know.
    case unknownMagic(String, origin: CellOrigin)

    /// The cell the error is about.
    public var origin: CellOrigin {
        switch self {
        case .malformedRun(_, let origin), .runCycle(_, let origin),
            .runTargetNotFound(_, _, let origin), .runAboveRoot(_, let origin),
            .runTooDeep(_, _, let origin), .runLanguageMismatch(_, _, _, let origin),
            .foreignLanguageCell(_, _, let origin), .unknownMagic(_, let origin):
            origin
        }
    }

    public var description: String {
        switch self {
        case .malformedRun(let reason, let origin):
            "malformed %run in \(origin): \(reason); write it as `%run ./other $key=value`, alone in its cell"
        case .runCycle(let chain, let origin):
            "%run cycle in \(origin): \(chain.joined(separator: " → ")); a notebook cannot %run itself, "
                + "directly or through the notebooks it runs"
        case .runTargetNotFound(let target, let resolvedPath, let origin):
            "%run \(target) in \(origin): there is no notebook at \(resolvedPath); relative paths "
                + "resolve against the folder of the notebook that holds the %run"
        case .runAboveRoot(let target, let origin):
            "%run \(target) in \(origin): the path climbs above the workspace root /"
        case .runTooDeep(let target, let limit, let origin):
            "%run \(target) in \(origin): %run is nested more than \(limit) notebooks deep; "
                + "look for a runaway chain of %run"
        case .runLanguageMismatch(let target, let targetLanguage, let callerLanguage, let origin):
            "%run \(target) in \(Self.name(callerLanguage)) \(origin): the target is a "
                + "\(Self.name(targetLanguage)) notebook; %run inlines the target into the caller's scope, "
                + "so both must be in the same language; run it as its own task of the job instead"
        case .foreignLanguageCell(let cellLanguage, let notebookLanguage, let origin):
            "%\(cellLanguage.rawValue.lowercased()) cell in \(Self.name(notebookLanguage)) \(origin): "
                + "the embedded engine runs each notebook in its own language; move this cell to a "
                + "\(Self.name(cellLanguage)) notebook and run that notebook as its own task of the job"
        case .unknownMagic(let magic, let origin):
            "unknown magic \(magic) in \(origin): the embedded engine runs code cells and "
                + "%md, %run, %sh, %pip, %fs, the notebook's own language magic, and the IPython magics "
                + "Databricks accepts (%load_ext, %autoreload, %matplotlib, %config, %restart_python)"
        }
    }

    /// The language as people write it ("Python", "R"), not as the API spells it ("PYTHON").
    private static func name(_ language: NotebookLanguage) -> String {
        switch language {
        case .python: "Python"
        case .r: "R"
        case .scala: "Scala"
        case .sql: "SQL"
        default: language.rawValue
        }
    }
}
