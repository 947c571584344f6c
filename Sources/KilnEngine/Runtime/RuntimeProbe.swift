import Foundation
import KilnAPI
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Checks that this machine can run what the embedded engine runs: R with testthat and xml2 (the
/// JUnit reporter needs it), and Python. `kiln doctor` shows each finding on a line of its own.
public enum RuntimeProbe {
    /// What one check found.
    public struct Finding: Sendable, Hashable {
        public var name: String
        public var passed: Bool
        /// The version found, or what failed.
        public var detail: String
        /// What to do when it failed.
        public var fix: String?
    }

    /// Checks each runtime, using the interpreters the engine would use (`KILN_RSCRIPT`, `KILN_PYTHON`).
    public static func check(environment: [String: String]) async -> [Finding] {
        var findings: [Finding] = []
        for (language, name, probe, fix) in probes {
            guard case .success(let runtime) = Runtime.forLanguage(language, environment: environment) else { continue }
            let outcome = await run(runtime.interpreter, probe)
            findings.append(
                outcome.passed
                    ? Finding(name: name, passed: true, detail: "\(runtime.interpreter): \(outcome.text)")
                    : Finding(name: name, passed: false, detail: "\(runtime.interpreter): \(outcome.text)", fix: fix))
        }
        return findings
    }

    private static let probes: [(NotebookLanguage, String, [String], String)] = [
        (
            .r, "R with testthat and xml2",
            [
                "-e",
                "suppressMessages({library(testthat); library(xml2)}); cat(R.version.string, '/ testthat', format(packageVersion('testthat')))",
            ],
            "install them: sudo apt-get install r-base-core r-cran-testthat r-cran-xml2 (or set KILN_RSCRIPT to an Rscript that has them)"
        ),
        (.python, "Python", ["--version"], "install python3, or set KILN_PYTHON to the interpreter notebooks should use"),
    ]

    /// Runs an interpreter; its first line of output, or of its error when it failed.
    private static func run(_ interpreter: String, _ arguments: [String]) async -> (passed: Bool, text: String) {
        let executable: Executable = interpreter.contains("/") ? .path(FilePath(interpreter)) : .name(interpreter)
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(arguments), output: .string(limit: 1 << 16), error: .string(limit: 1 << 16))
            let output = result.standardOutput + result.standardError
            let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard result.terminationStatus.isSuccess else {
                return (false, lines.first { $0.contains("rror") } ?? lines.first ?? "exited \(result.terminationStatus)")
            }
            return (true, lines.first ?? "")
        } catch {
            return (false, "cannot be started (\(error))")
        }
    }
}
