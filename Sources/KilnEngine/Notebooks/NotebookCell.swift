/// One cell of a notebook: its position, its optional title and what it holds.
public struct NotebookCell: Sendable, Hashable {
    /// 1-based, counting every cell (blank and markdown ones too) so that it matches the UI.
    public var index: Int
    /// The `DBTITLE` the cell was given in the UI, if any.
    public var title: String?
    public var content: CellContent

    public init(index: Int, title: String? = nil, content: CellContent) {
        self.index = index
        self.title = title
        self.content = content
    }
}
