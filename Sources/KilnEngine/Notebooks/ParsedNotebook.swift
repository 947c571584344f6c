import KilnAPI

/// A notebook split into its cells, each already classified, ready to be assembled or reported on.
public struct ParsedNotebook: Sendable, Hashable {
    /// The name errors use for this notebook: the workspace path when there is one.
    public var name: String
    public var language: NotebookLanguage
    /// In notebook order; a header-less script has one cell, a blank notebook none.
    public var cells: [NotebookCell]

    public init(name: String, language: NotebookLanguage, cells: [NotebookCell]) {
        self.name = name
        self.language = language
        self.cells = cells
    }
}
