/// One step of an assembled program, in run order; each keeps the cell it came from so that the
/// runtime can say where output and failures belong.
public enum ProgramSegment: Sendable, Hashable {
    /// Code in the program's language, run in the single scope all inlined notebooks share.
    case code(String, origin: CellOrigin)
    /// A SQL cell (of a SQL notebook, or `%sql` in a Python one), run through the run's Spark session.
    case sql(String, origin: CellOrigin)
    /// A `%sh` script, run by bash on this machine.
    case shell(String, origin: CellOrigin)
    /// A message for the run's output about a cell the engine does not run (`%pip`, `%fs`).
    case notice(String, origin: CellOrigin)
    /// The widget values a `%run` passes; they are set before the inlined target's code.
    case widgets([String: String], origin: CellOrigin)
    /// The end of a `%run` that passed widget values: the caller's values are back, as on
    /// Databricks, where the arguments bind only the child's widgets.
    case widgetsEnd(origin: CellOrigin)

    public var origin: CellOrigin {
        switch self {
        case .code(_, let origin), .sql(_, let origin), .shell(_, let origin), .notice(_, let origin), .widgets(_, let origin),
            .widgetsEnd(let origin):
            origin
        }
    }
}
