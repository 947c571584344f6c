/// Turns a notebook into one flat program by inlining its `%run` targets where the `%run` stands.
///
/// Databricks runs a `%run` target in the caller's execution context, so that its definitions
/// are visible afterwards; a single program run in one process reproduces that. Cells the engine
/// cannot run in that process (another language, an unknown magic) fail the assembly up front
/// rather than half-way through a run.
public struct NotebookAssembler: Sendable {
    /// Finds a notebook by its absolute workspace path (no extension); nil when there is none.
    public typealias Loader = @Sendable (_ path: String) async throws -> LoadedNotebook?

    /// Deep enough for any real library layout, shallow enough to stop a runaway chain quickly.
    public static let defaultDepthLimit = 32

    private let depthLimit: Int
    private let load: Loader

    /// - Parameter depthLimit: how many `%run` levels may nest below the entry notebook.
    public init(depthLimit: Int = defaultDepthLimit, loader: @escaping Loader) {
        self.depthLimit = depthLimit
        self.load = loader
    }

    /// The program for `entry`, the notebook at the absolute workspace path `path`.
    ///
    /// The entry notebook is passed in, not loaded, because the caller needs its language to
    /// choose a runtime anyway.
    /// - Throws: `NotebookError` for a notebook that cannot be assembled; the loader's own errors
    ///   unchanged.
    public func assemble(_ entry: LoadedNotebook, at path: String) async throws -> [ProgramSegment] {
        try await segments(of: entry, at: path, chain: [path])
    }

    /// `chain` holds the notebooks being run, from the entry down to this one.
    private func segments(
        of notebook: LoadedNotebook, at path: String, chain: [String]
    ) async throws -> [ProgramSegment] {
        let parsed = try NotebookSource.parse(notebook.text, name: path, language: notebook.language)
        var segments: [ProgramSegment] = []
        for cell in parsed.cells {
            let origin = CellOrigin(notebook: path, cell: cell.index)
            switch cell.content {
            case .code(let code):
                // A SQL notebook's cells run through Spark SQL, in the Python runtime.
                if !code.isEmpty { segments.append(parsed.language == .sql ? .sql(code, origin: origin) : .code(code, origin: origin)) }
            case .foreignLanguage(.sql, let code) where parsed.language == .python:
                if !code.isEmpty { segments.append(.sql(code, origin: origin)) }
            case .markdown:
                continue
            case .run(let target, let arguments):
                segments += try await inlinedRun(
                    of: target, arguments: arguments, from: parsed, origin: origin, chain: chain)
            case .shell(let script):
                segments.append(.shell(script, origin: origin))
            case .pip(let command):
                segments.append(
                    .notice(
                        "%pip \(command): the embedded engine does not install packages; packages come "
                            + "from the runtime (R or Python) installed on this machine", origin: origin))
            case .fs(let command):
                segments.append(
                    .notice(
                        "%fs \(command): the embedded engine does not run %fs cells; call dbutils.fs "
                            + "from code instead", origin: origin))
            case .foreignLanguage(let language, _):
                throw NotebookError.foreignLanguageCell(
                    cellLanguage: language, notebookLanguage: parsed.language, origin: origin)
            case .ipythonMagic(let line):
                segments.append(.notice("\(line): nothing to do on the embedded engine, where each run is a new process", origin: origin))
            case .unknownMagic(let magic):
                throw NotebookError.unknownMagic(magic, origin: origin)
            }
        }
        return segments
    }

    /// The target's program, preceded by the widget values the `%run` passes, if any.
    private func inlinedRun(
        of target: String, arguments: [String: String], from caller: ParsedNotebook,
        origin: CellOrigin, chain: [String]
    ) async throws -> [ProgramSegment] {
        guard let path = NotebookPath.resolve(target, from: caller.name) else {
            throw NotebookError.runAboveRoot(target: target, origin: origin)
        }
        guard !chain.contains(path) else {
            throw NotebookError.runCycle(chain: chain + [path], origin: origin)
        }
        guard chain.count <= depthLimit else {
            throw NotebookError.runTooDeep(target: target, limit: depthLimit, origin: origin)
        }
        guard let notebook = try await load(path) else {
            throw NotebookError.runTargetNotFound(target: target, resolvedPath: path, origin: origin)
        }
        guard notebook.language == caller.language else {
            throw NotebookError.runLanguageMismatch(
                target: target, targetLanguage: notebook.language, callerLanguage: caller.language,
                origin: origin)
        }
        let body = try await segments(of: notebook, at: path, chain: chain + [path])
        return arguments.isEmpty ? body : [.widgets(arguments, origin: origin)] + body + [.widgetsEnd(origin: origin)]
    }
}
