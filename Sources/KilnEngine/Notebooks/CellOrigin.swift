/// Where a piece of a program came from, so that output and errors can point at the notebook cell
/// the user wrote rather than at a line of the assembled program.
public struct CellOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The absolute workspace path of the notebook, without extension.
    public var notebook: String
    /// The cell's 1-based position in its notebook, as the Databricks UI counts.
    public var cell: Int

    public init(notebook: String, cell: Int) {
        self.notebook = notebook
        self.cell = cell
    }

    public var description: String { "notebook \(notebook), cell \(cell)" }
}
