import Foundation
import Testing

/// Help that teaches: every command explains itself with an example, the version names the
/// commit, and completions exist for the three shells.
@Suite("kiln help, version and completions", .timeLimit(.minutes(1)))
struct HelpTests {
    static let commands = [
        ["build"], ["doctor"], ["changes"], ["stage"], ["run"], ["results"], ["clean"], ["notebook"], ["notebook", "run"], ["serve"],
    ]

    @Test(arguments: commands)
    func everyCommandsHelpHasAnExample(_ command: [String]) async throws {
        let result = try await runProcess(KilnBinary.url, ["help"] + command)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("OVERVIEW: "))
        #expect(result.stdout.contains("Example"), "kiln \(command.joined(separator: " ")) --help has no example:\n\(result.stdout)")
        #expect(result.stdout.contains("USAGE: kiln \(command.joined(separator: " "))"))
    }

    @Test func theTopLevelHelpListsEveryCommandAndTheExitCodes() async throws {
        let result = try await runProcess(KilnBinary.url, ["--help"])
        for command in Self.commands where command.count == 1 {
            #expect(result.stdout.contains("\n  \(command[0]) "), "\(command[0]) is not listed")
        }
        for code in ["0  passed", "1  tests failed", "2  the run failed", "3  bad configuration", "4  the workspace or the network failed"]
        {
            #expect(result.stdout.contains(code))
        }
    }

    @Test func theVersionNamesTheCommit() async throws {
        let result = try await runProcess(KilnBinary.url, ["--version"])
        let pattern = /^\d+\.\d+\.\d+ \(commit ([0-9a-f]{7,40}(-modified)?|unknown)\)$/
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).wholeMatch(of: pattern) != nil, "\(result.stdout)")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionsExistForEachShell(_ shell: String) async throws {
        let result = try await runProcess(KilnBinary.url, ["--generate-completion-script", shell])
        #expect(result.status == 0)
        for command in ["build", "doctor", "serve"] {
            #expect(result.stdout.contains(command), "the \(shell) completions lack \(command)")
        }
    }
}
