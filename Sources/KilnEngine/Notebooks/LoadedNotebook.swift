import KilnAPI

/// A notebook as the assembler's loader finds it in the workspace: its SOURCE text and language.
///
/// The language comes from the workspace object, not from the text, because Python and R share
/// the `# Databricks notebook source` header and cannot be told apart by it.
public struct LoadedNotebook: Sendable, Hashable {
    public var text: String
    public var language: NotebookLanguage

    public init(text: String, language: NotebookLanguage) {
        self.text = text
        self.language = language
    }
}
