import KilnAPI
import Testing

@testable import KilnEngine

@Suite("NotebookAssembler inlines %run into one program")
struct NotebookAssemblerTests {
    /// An R notebook as an export writes it, with `cells` between separators.
    static func r(_ cells: String...) -> LoadedNotebook {
        notebook(.r, cells)
    }

    static func notebook(_ language: NotebookLanguage, _ cells: [String]) -> LoadedNotebook {
        let p = language.commentPrefix
        let text =
            "\(p) Databricks notebook source\n"
            + cells.joined(separator: "\n\n\(p) COMMAND ----------\n\n") + "\n"
        return LoadedNotebook(text: text, language: language)
    }

    /// Assembles the notebook at `entry` with a loader that serves `workspace` from memory.
    static func assemble(
        _ entry: String, in workspace: [String: LoadedNotebook],
        depthLimit: Int = NotebookAssembler.defaultDepthLimit
    ) async throws -> [ProgramSegment] {
        let assembler = NotebookAssembler(depthLimit: depthLimit) { workspace[$0] }
        let notebook = try #require(workspace[entry])
        return try await assembler.assemble(notebook, at: entry)
    }

    static func at(_ notebook: String, _ cell: Int) -> CellOrigin {
        CellOrigin(notebook: notebook, cell: cell)
    }

    @Test func cellOriginNamesNotebookAndCell() {
        #expect(Self.at("/Shared/build/x/nb", 3).description == "notebook /Shared/build/x/nb, cell 3")
    }

    @Test("code, shell and notices keep their cells; markdown and blank cells add nothing")
    func segmentsOfOneNotebook() async throws {
        let nb = "/Shared/build/x/nb"
        let segments = try await Self.assemble(
            nb,
            in: [
                nb: Self.r(
                    "x <- 1", "# MAGIC %md # Title", "", "# MAGIC %sh\n# MAGIC ls /tmp", "y <- 2",
                    "# MAGIC %pip install x", "# MAGIC %fs ls /tmp", "# MAGIC %r\n# MAGIC z <- 3")
            ])
        #expect(
            segments == [
                .code("x <- 1", origin: Self.at(nb, 1)),
                .shell("ls /tmp", origin: Self.at(nb, 4)),
                .code("y <- 2", origin: Self.at(nb, 5)),
                .notice(
                    "%pip install x: the embedded engine does not install packages; packages come "
                        + "from the runtime (R or Python) installed on this machine", origin: Self.at(nb, 6)),
                .notice(
                    "%fs ls /tmp: the embedded engine does not run %fs cells; call dbutils.fs from code instead",
                    origin: Self.at(nb, 7)),
                .code("z <- 3", origin: Self.at(nb, 8)),
            ])
        #expect(segments.map(\.origin.cell) == [1, 4, 5, 6, 7, 8])
    }

    @Test("a header-less entry script is one code segment")
    func headerlessEntry() async throws {
        let script = "/Shared/script"
        let segments = try await Self.assemble(
            script,
            in: [
                script: LoadedNotebook(text: "print(1)\nprint(2)\n", language: .python)
            ])
        #expect(segments == [.code("print(1)\nprint(2)", origin: Self.at(script, 1))])
    }

    @Test("nested %run a → b → c → d inlines each target where its %run stands")
    func nestedRun() async throws {
        let nb = "/Shared/build/x/nb"
        let b = "/Shared/build/x/lib/b"
        let c = "/Shared/build/x/common/c"
        let d = "/Shared/tools/d"
        let segments = try await Self.assemble(
            nb,
            in: [
                nb: Self.r("a <- 1", "# MAGIC %run ./lib/b", "# MAGIC %md Done", "stopifnot(c == 3)"),
                b: Self.r("b <- 2", "# MAGIC %run ../common/c"),
                c: Self.r("# MAGIC %run /Shared/tools/d", "c <- 3"),
                d: Self.r("d <- 4"),
            ])
        #expect(
            segments == [
                .code("a <- 1", origin: Self.at(nb, 1)),
                .code("b <- 2", origin: Self.at(b, 1)),
                .code("d <- 4", origin: Self.at(d, 1)),
                .code("c <- 3", origin: Self.at(c, 2)),
                .code("stopifnot(c == 3)", origin: Self.at(nb, 4)),
            ])
    }

    @Test("%run arguments become widget values set just before the target's code, and unset after it")
    func runArguments() async throws {
        let nb = "/Shared/nb"
        let setup = "/Shared/x"
        let segments = try await Self.assemble(
            nb,
            in: [
                nb: Self.r("# MAGIC %run ./x $a=1 $b=two", "# MAGIC %run x"),
                setup: Self.r("a <- dbutils.widgets.get(\"a\")"),
            ])
        #expect(
            segments == [
                .widgets(["a": "1", "b": "two"], origin: Self.at(nb, 1)),
                .code("a <- dbutils.widgets.get(\"a\")", origin: Self.at(setup, 1)),
                .widgetsEnd(origin: Self.at(nb, 1)),
                .code("a <- dbutils.widgets.get(\"a\")", origin: Self.at(setup, 1)),
            ])
    }

    @Test(
        "a %run cycle names the chain, the notebook and the cell",
        arguments: [
            (
                ["/x/a": r("a <- 1", "# MAGIC %run ./b"), "/x/b": r("b <- 1", "# MAGIC %run /x/a")],
                ["/x/a", "/x/b", "/x/a"], at("/x/b", 2)
            ),
            (["/x/a": r("# MAGIC %run ./a")], ["/x/a", "/x/a"], at("/x/a", 1)),
            (
                ["/x/a": r("# MAGIC %run ../y/b"), "/y/b": r("# MAGIC %run ./c"), "/y/c": r("# MAGIC %run ../y/b")],
                ["/x/a", "/y/b", "/y/c", "/y/b"], at("/y/c", 1)
            ),
        ])
    func runCycle(workspace: [String: LoadedNotebook], chain: [String], origin: CellOrigin) async throws {
        let error = try await #require(throws: NotebookError.self) {
            try await Self.assemble("/x/a", in: workspace)
        }
        #expect(error == .runCycle(chain: chain, origin: origin))
        #expect(
            error.description.hasPrefix(
                "%run cycle in \(origin): \(chain.joined(separator: " → ")); a notebook cannot %run itself"))
    }

    @Test("a missing %run target names the notebook, the cell and the path")
    func missingTarget() async throws {
        let error = try await #require(throws: NotebookError.self) {
            try await Self.assemble(
                "/Shared/x/nb", in: ["/Shared/x/nb": Self.r("x <- 1", "# MAGIC %run ../lib/gone")])
        }
        #expect(
            error
                == .runTargetNotFound(
                    target: "../lib/gone", resolvedPath: "/Shared/lib/gone", origin: Self.at("/Shared/x/nb", 2)))
        #expect(
            error.description.hasPrefix(
                "%run ../lib/gone in notebook /Shared/x/nb, cell 2: there is no notebook at /Shared/lib/gone;"))
    }

    @Test("a %run above the workspace root fails")
    func runAboveRoot() async throws {
        let error = try await #require(throws: NotebookError.self) {
            try await Self.assemble("/Shared/nb", in: ["/Shared/nb": Self.r("# MAGIC %run ../../x")])
        }
        #expect(error == .runAboveRoot(target: "../../x", origin: Self.at("/Shared/nb", 1)))
        #expect(
            error.description
                == "%run ../../x in notebook /Shared/nb, cell 1: the path climbs above the workspace root /")
    }

    @Test("a cell in another language is refused with a way out")
    func foreignLanguageCell() async throws {
        let error = try await #require(throws: NotebookError.self) {
            try await Self.assemble(
                "/x/nb",
                in: [
                    "/x/nb": Self.r("a <- 1", "b <- 2", "# MAGIC %md Next", "# MAGIC %python\n# MAGIC print(1)")
                ])
        }
        #expect(
            error
                == .foreignLanguageCell(
                    cellLanguage: .python, notebookLanguage: .r, origin: Self.at("/x/nb", 4)))
        #expect(
            error.description.hasPrefix(
                "%python cell in R notebook /x/nb, cell 4: the embedded engine runs each notebook in its own "
                    + "language; move this cell to a Python notebook"))
    }

    @Test("a %run of a notebook in another language is refused")
    func runLanguageMismatch() async throws {
        let error = try await #require(throws: NotebookError.self) {
            try await Self.assemble(
                "/x/nb",
                in: [
                    "/x/nb": Self.r("# MAGIC %run ./helpers"),
                    "/x/helpers": Self.notebook(.python, ["x = 1"]),
                ])
        }
        #expect(
            error
                == .runLanguageMismatch(
                    target: "./helpers", targetLanguage: .python, callerLanguage: .r, origin: Self.at("/x/nb", 1)))
        #expect(
            error.description.hasPrefix(
                "%run ./helpers in R notebook /x/nb, cell 1: the target is a Python notebook;"))
    }

    @Test("an unknown magic is refused")
    func unknownMagic() async throws {
        let error = try await #require(throws: NotebookError.self) {
            try await Self.assemble("/x/nb", in: ["/x/nb": Self.r("# MAGIC %xyz inline")])
        }
        #expect(error == .unknownMagic("%xyz", origin: Self.at("/x/nb", 1)))
        #expect(error.description.hasPrefix("unknown magic %xyz in notebook /x/nb, cell 1:"))
        #expect(error.origin == Self.at("/x/nb", 1))
    }

    @Test("%run may nest as deep as the limit and no deeper", arguments: [(3, true), (4, false)])
    func depthLimit(levels: Int, withinLimit: Bool) async throws {
        var workspace = ["/d/n\(levels)": Self.r("bottom <- TRUE")]
        for level in 0..<levels {
            workspace["/d/n\(level)"] = Self.r("# MAGIC %run ./n\(level + 1)")
        }
        let assembly = { try await Self.assemble("/d/n0", in: workspace, depthLimit: 3) }
        if withinLimit {
            #expect(try await assembly() == [.code("bottom <- TRUE", origin: Self.at("/d/n\(levels)", 1))])
        } else {
            let error = try await #require(throws: NotebookError.self) { try await assembly() }
            #expect(error == .runTooDeep(target: "./n4", limit: 3, origin: Self.at("/d/n3", 1)))
        }
    }

    @Test("a loader's own error reaches the caller unchanged")
    func loaderError() async throws {
        struct WorkspaceUnavailable: Error {}
        let assembler = NotebookAssembler { _ in throw WorkspaceUnavailable() }
        await #expect(throws: WorkspaceUnavailable.self) {
            try await assembler.assemble(Self.r("# MAGIC %run ./x"), at: "/nb")
        }
    }
}
