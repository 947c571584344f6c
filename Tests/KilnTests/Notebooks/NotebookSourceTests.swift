import KilnAPI
import Testing

@testable import KilnEngine

@Suite("NotebookSource parses the SOURCE format")
struct NotebookSourceTests {
    static let languages: [NotebookLanguage] = [.python, .r, .scala, .sql]

    /// A Python notebook as an export writes it: header, then `cells` between separators.
    static func pythonNotebook(_ cells: String...) -> String {
        "# Databricks notebook source\n" + cells.joined(separator: "\n\n# COMMAND ----------\n\n") + "\n"
    }

    static func parsePython(_ text: String) throws -> [NotebookCell] {
        try NotebookSource.parse(text, name: "/Shared/nb", language: .python).cells
    }

    @Test("header, separators, MAGIC and DBTITLE lines in each language", arguments: languages)
    func eachLanguagesMarkers(language: NotebookLanguage) throws {
        let p = language.commentPrefix
        let text = """
            \(p) Databricks notebook source
            x = 1

            \(p) COMMAND ----------

            \(p) MAGIC %md
            \(p) MAGIC # Notes
            \(p) MAGIC
            \(p) MAGIC More

            \(p) COMMAND ----------

            \(p) DBTITLE 1,Shell step
            \(p) MAGIC %sh
            \(p) MAGIC echo hi

            """
        let parsed = try NotebookSource.parse(text, name: "/Shared/nb", language: language)
        #expect(parsed.name == "/Shared/nb")
        #expect(parsed.language == language)
        #expect(
            parsed.cells == [
                NotebookCell(index: 1, content: .code("x = 1")),
                NotebookCell(index: 2, content: .markdown("# Notes\n\nMore")),
                NotebookCell(index: 3, title: "Shell step", content: .shell("echo hi")),
            ])
    }

    @Test(
        "another language's header makes a plain script",
        arguments: zip(
            [NotebookLanguage.python, .scala, .sql], [NotebookLanguage.scala, .sql, .r]))
    func foreignHeader(writtenIn written: NotebookLanguage, parsedAs language: NotebookLanguage) throws {
        let p = written.commentPrefix
        let text = "\(p) Databricks notebook source\nx = 1\n\n\(p) COMMAND ----------\n\ny = 2\n"
        let cells = try NotebookSource.parse(text, name: "/Shared/nb", language: language).cells
        #expect(cells == [NotebookCell(index: 1, content: .code(String(text.dropLast())))])
    }

    @Test("blank MAGIC lines, with and without a trailing space", arguments: languages)
    func blankMagicLines(language: NotebookLanguage) throws {
        let p = language.commentPrefix
        let text = """
            \(p) Databricks notebook source
            \(p) MAGIC
            \(p) MAGIC %sh
            \(p) MAGIC echo a
            \(p) MAGIC
            \(p) MAGIC \("")
            \(p) MAGIC   indented
            \(p) MAGIC \("")
            """
        let cells = try NotebookSource.parse(text, name: "/Shared/nb", language: language).cells
        #expect(cells == [NotebookCell(index: 1, content: .shell("echo a\n\n\n  indented"))])
    }

    @Test(
        "a language magic is code in its own notebook and foreign in another",
        arguments: [
            (NotebookLanguage.python, "%python", CellContent.code("x = 1")),
            (.r, "%r", .code("x = 1")),
            (.scala, "%scala", .code("x = 1")),
            (.sql, "%sql", .code("x = 1")),
            (.r, "%python", .foreignLanguage(.python, code: "x = 1")),
            (.python, "%r", .foreignLanguage(.r, code: "x = 1")),
            (.python, "%sql", .foreignLanguage(.sql, code: "x = 1")),
            (.sql, "%scala", .foreignLanguage(.scala, code: "x = 1")),
        ])
    func languageMagic(language: NotebookLanguage, magic: String, expected: CellContent) throws {
        let p = language.commentPrefix
        let text = "\(p) Databricks notebook source\n\(p) MAGIC \(magic)\n\(p) MAGIC x = 1\n"
        let cells = try NotebookSource.parse(text, name: "/Shared/nb", language: language).cells
        #expect(cells.map(\.content) == [expected])
    }

    @Test(
        "magic cells are classified by their first word",
        arguments: [
            ("# MAGIC %md #Heading", CellContent.markdown("#Heading")),
            ("# MAGIC %md\n# MAGIC Some *text*", .markdown("Some *text*")),
            ("# MAGIC %md-sandbox\n# MAGIC <b>x</b>", .markdown("<b>x</b>")),
            ("# MAGIC %sh\n# MAGIC ls -l\n# MAGIC pwd", .shell("ls -l\npwd")),
            ("# MAGIC %sh echo one\n# MAGIC echo two", .shell("echo one\necho two")),
            ("# MAGIC %pip install pandas==2.2.0", .pip("install pandas==2.2.0")),
            ("# MAGIC %fs ls /tmp", .fs("ls /tmp")),
            ("# MAGIC %scala\n# MAGIC val x = 1", .foreignLanguage(.scala, code: "val x = 1")),
            ("# MAGIC %xyz do things", .unknownMagic("%xyz")),
            ("# MAGIC plain words", .code("plain words")),
            ("# MAGIC %md\n# MAGIC a\nb", .markdown("a\nb")),
        ])
    func magicCell(cell: String, expected: CellContent) throws {
        let cells = try Self.parsePython(Self.pythonNotebook("x = 1", cell))
        #expect(cells.map(\.content) == [.code("x = 1"), expected])
    }

    @Test(
        "DBTITLE names the cell and is dropped from it",
        arguments: [
            ("# DBTITLE 1,Load data\nx = 1", String?("Load data"), CellContent.code("x = 1")),
            ("# DBTITLE 0,Load, then clean  \n\nx = 1", "Load, then clean", .code("x = 1")),
            ("# DBTITLE 1,Notes\n# MAGIC %md Hello", "Notes", .markdown("Hello")),
            ("# DBTITLE Load data\nx = 1", nil, .code("# DBTITLE Load data\nx = 1")),
            ("x = 1\n# DBTITLE 1,Not first", nil, .code("x = 1\n# DBTITLE 1,Not first")),
        ])
    func cellTitle(cell: String, title: String?, content: CellContent) throws {
        #expect(
            try Self.parsePython(Self.pythonNotebook(cell)) == [
                NotebookCell(index: 1, title: title, content: content)
            ])
    }

    @Test(
        "%run reads the path and $key=value arguments",
        arguments: [
            ("%run ./x", "./x", [String: String]()),
            ("%run ./x $a=1 $b=two", "./x", ["a": "1", "b": "two"]),
            ("%run   ../lib/setup   $catalog=main  ", "../lib/setup", ["catalog": "main"]),
            (
                "%run /Shared/lib/x $X=\"10\" $greeting=\"hello world\"", "/Shared/lib/x",
                ["X": "10", "greeting": "hello world"]
            ),
            ("%run \"./my notebook\" $empty= $q=''", "./my notebook", ["empty": "", "q": ""]),
            ("%run x $url=a=b $a=1 $a=2", "x", ["url": "a=b", "a": "2"]),
        ])
    func runCell(line: String, path: String, arguments: [String: String]) throws {
        let cells = try Self.parsePython(Self.pythonNotebook("# MAGIC \(line)"))
        #expect(cells.map(\.content) == [.run(path: path, arguments: arguments)])
    }

    @Test(
        "a malformed %run names the notebook, the cell and the fault",
        arguments: [
            ("# MAGIC %run", "no notebook path after %run"),
            ("# MAGIC %run $a=1", "no notebook path after %run"),
            ("# MAGIC %run ./x a=1", "`a=1` is not a $key=value argument"),
            ("# MAGIC %run ./x $=1", "`$=1` is not a $key=value argument"),
            ("# MAGIC %run ./x $a", "`$a` is not a $key=value argument"),
            ("# MAGIC %run ./x $a=\"open", "unterminated \" quote"),
            ("# MAGIC %run ./x\n# MAGIC print(1)", "%run must be alone in its cell"),
        ])
    func malformedRun(cell: String, reason: String) throws {
        let error = try #require(throws: NotebookError.self) {
            try Self.parsePython(Self.pythonNotebook("x = 1", cell))
        }
        let origin = CellOrigin(notebook: "/Shared/nb", cell: 2)
        #expect(error == .malformedRun(reason: reason, origin: origin))
        #expect(error.description.hasPrefix("malformed %run in notebook /Shared/nb, cell 2: \(reason);"))
    }

    @Test(
        "a byte-order mark and CRLF line endings read like plain LF text",
        arguments: [
            (true, false), (false, true), (true, true),
        ])
    func byteOrderMarkAndCRLF(withByteOrderMark: Bool, withCRLF: Bool) throws {
        let text = Self.pythonNotebook("x = 1\n\ny = 2", "# MAGIC %sh\n# MAGIC echo a\n# MAGIC \n# MAGIC echo b")
        var variant = withCRLF ? text.replacing("\n", with: "\r\n") : text
        if withByteOrderMark { variant = "\u{FEFF}" + variant }
        let cells = try Self.parsePython(variant)
        #expect(
            cells == [
                NotebookCell(index: 1, content: .code("x = 1\n\ny = 2")),
                NotebookCell(index: 2, content: .shell("echo a\n\necho b")),
            ])
    }

    @Test(
        "header and separator lines tolerate trailing whitespace only",
        arguments: [
            ("# COMMAND ----------   ", 2),
            ("# COMMAND ----------\t", 2),
            ("# COMMAND ----------", 2),
            (" # COMMAND ----------", 1),
            ("# COMMAND ---------- x", 1),
            ("# COMMAND ---", 1),
        ])
    func separatorLine(separator: String, cellCount: Int) throws {
        let text = "# Databricks notebook source  \nx = 1\n\(separator)\ny = 2\n"
        #expect(try Self.parsePython(text).count == cellCount)
    }

    @Test("blank lines at a cell's ends are trimmed and blank cells still count")
    func blankLinesAndIndices() throws {
        let text =
            "# Databricks notebook source\n\n\nx = 1\n\n  y = 2  \n\n\n# COMMAND ----------\n\n\n"
            + "# COMMAND ----------\n\n \nz = 3"
        #expect(
            try Self.parsePython(text) == [
                NotebookCell(index: 1, content: .code("x = 1\n\n  y = 2  ")),
                NotebookCell(index: 2, content: .code("")),
                NotebookCell(index: 3, content: .code("z = 3")),
            ])
    }

    @Test("a file without the header is one code cell, markers and all")
    func headerlessScript() throws {
        let text = "\n\nlibrary(testthat)\n# MAGIC %sh\n# COMMAND ----------\ntest_dir(\"tests\")\n\n"
        let parsed = try NotebookSource.parse(text, name: "/Shared/script", language: .r)
        #expect(
            parsed.cells == [
                NotebookCell(
                    index: 1,
                    content: .code(
                        "library(testthat)\n# MAGIC %sh\n# COMMAND ----------\ntest_dir(\"tests\")"))
            ])
    }

    @Test(
        "an empty notebook or script has no cells",
        arguments: [
            "", "\n \n", "\u{FEFF}", "# Databricks notebook source", "# Databricks notebook source\n",
            "# Databricks notebook source\r\n\r\n  \r\n",
        ])
    func emptyNotebook(text: String) throws {
        #expect(try Self.parsePython(text).isEmpty)
    }
}
