import Foundation
import Testing

/// The README cannot drift: every `sh` block runs, in order, in one shell, as a reader pastes them
/// into one terminal (a fresh `HOME`, no Databricks settings), each from the repository's root; and
/// each `text` block right after one lists what that block prints. `make` runs as `make
/// --dry-run`: its targets are this very suite and minutes of compiling, so their recipes are
/// resolved, not run.
@Suite("README", .timeLimit(.minutes(4)))
struct ReadmeTests {
    /// A fenced block of the README.
    struct Block {
        var language: String
        var text: String
        var line: Int
    }

    /// A command block, and what it prints when the README says.
    struct Example {
        var commands: Block
        var expected: Block?
    }

    static func blocks(in markdown: String) -> [Block] {
        var blocks: [Block] = []
        var open: (language: String, line: Int, lines: [String])?
        for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") {
                if let current = open {
                    blocks.append(Block(language: current.language, text: current.lines.joined(separator: "\n"), line: current.line))
                    open = nil
                } else {
                    open = (String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), index + 1, [])
                }
            } else {
                open?.lines.append(line)
            }
        }
        return blocks
    }

    /// The `sh` blocks, each with the `text` block that follows it directly, if any.
    static func examples(in markdown: String) -> [Example] {
        let blocks = blocks(in: markdown)
        return blocks.indices.filter { blocks[$0].language == "sh" }.map { index in
            let next = blocks.indices.contains(index + 1) ? blocks[index + 1] : nil
            return Example(commands: blocks[index], expected: next?.language == "text" ? next : nil)
        }
    }

    private static let marker = "@@readme-block"

    @Test func everyCommandBlockRunsAndPrintsWhatTheReadmeShows() async throws {
        let root = Examples.root.deletingLastPathComponent()
        let examples = Self.examples(in: try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8))
        #expect(examples.count >= 6, "the README's command blocks: \(examples.map(\.commands.line))")

        var script = "exec 2>&1\nset -eo pipefail\nmake() { command make --dry-run \"$@\" > /dev/null; }\n"
        for (index, example) in examples.enumerated() {
            script += "echo '\(Self.marker) \(index)'\ncd \"$README_ROOT\"\n\(example.commands.text)\n"
        }
        script += "echo '\(Self.marker) end'\n"

        let home = TemporaryFolder()
        var environment = TestRepository.environment
        environment["HOME"] = home.url.path
        environment["README_ROOT"] = root.path
        environment["KILN_PYTHON"] = ProcessInfo.processInfo.environment["KILN_PYTHON"]
        let result = try await runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: environment, directory: root)

        let sections = result.stdout.components(separatedBy: "\(Self.marker) ")
        let reached = sections.count - 2
        let failedAt = examples.indices.contains(reached) ? "README.md:\(examples[reached].commands.line)" : "the end"
        #expect(
            result.status == 0 && result.stdout.contains("\(Self.marker) end"),
            "the block at \(failedAt) failed (exit \(result.status)):\n\(sections.last ?? "")")
        for (index, example) in examples.enumerated() {
            guard let expected = example.expected, sections.indices.contains(index + 1) else { continue }
            let output = sections[index + 1].components(separatedBy: "\n")
            let missing = Self.missingLines(expected.text, in: output)
            #expect(missing.isEmpty, "README.md:\(expected.line) shows \(missing), which the block did not print:\n\(sections[index + 1])")
        }
    }

    /// The expected lines not found in `output`, in order; `…` in a line stands for anything.
    static func missingLines(_ expected: String, in output: [String]) -> [String] {
        var position = output.startIndex
        var missing: [String] = []
        for line in expected.components(separatedBy: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fragments = line.components(separatedBy: "…").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let found = output[position...].firstIndex(where: { contains($0, fragments) }) {
                position = output.index(after: found)
            } else {
                missing.append(line)
            }
        }
        return missing
    }

    /// Whether `line` holds the fragments in order.
    private static func contains(_ line: String, _ fragments: [String]) -> Bool {
        var rest = line[...]
        for fragment in fragments {
            guard let range = rest.range(of: fragment) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    @Test func anExpectedLineIsFoundOnlyInOrder() {
        let output = ["wrote kiln.yml      the build's settings", "Tests: 6 (6 passed)", "done"]
        #expect(Self.missingLines("wrote kiln.yml …the build's settings\nTests: 6", in: output).isEmpty)
        #expect(Self.missingLines("Tests: 6\nwrote kiln.yml", in: output) == ["wrote kiln.yml"])
        #expect(Self.missingLines("settings … wrote", in: output) == ["settings … wrote"])
    }
}
