import Foundation

/// The folder a runtime process works from (the contract with `driver.R` and `driver.py`):
/// `params` (widget values), `segments/` (the program, in order), `out/` (what the driver
/// reports back: the exit value, an error and its trace), `calls/` (its `dbutils.notebook.run`
/// calls, ``NotebookCalls``), `workspace/` (the notebook's workspace folder, its working
/// directory and `/Workspace` when mounted) and `work/` (a Python file's working directory).
struct ProgramFolder: Sendable {
    let root: URL

    var params: URL { root.appendingPathComponent("params") }
    var segments: URL { root.appendingPathComponent("segments", isDirectory: true) }
    var out: URL { root.appendingPathComponent("out", isDirectory: true) }
    var work: URL { root.appendingPathComponent("work", isDirectory: true) }
    var calls: URL { root.appendingPathComponent("calls", isDirectory: true) }
    var workspace: URL { root.appendingPathComponent("workspace", isDirectory: true) }

    /// Writes the program and its parameters, replacing what a previous attempt left.
    func write(_ segments: [ProgramSegment], parameters: [String: String]) throws {
        let fileManager = FileManager.default
        for folder in [self.segments, out, calls, workspace] where fileManager.fileExists(atPath: folder.path) {
            try fileManager.removeItem(at: folder)
        }
        for folder in [self.segments, out, calls, workspace, work] {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try Data(Self.encode(parameters).utf8).write(to: params)
        for (index, segment) in segments.enumerated() {
            let stem = self.segments.appendingPathComponent(String(format: "%04d", index + 1))
            let (kind, body): (String, String) =
                switch segment {
                case .code(let code, _): ("code", code)
                case .sql(let statements, _): ("sql", statements)
                case .shell(let script, _): ("sh", script)
                case .notice(let text, _): ("notice", text)
                case .widgets(let values, _): ("widgets", Self.encode(values))
                case .widgetsEnd: ("endrun", "")
                }
            try Data(body.utf8).write(to: stem.appendingPathExtension(kind))
            try Data(segment.origin.description.utf8).write(to: stem.appendingPathExtension("origin"))
        }
    }

    /// Writes a workspace folder's plain files below `workspace/` at their workspace paths, as a
    /// cluster shows them under `/Workspace`; returns the folder's copy. A program's writes there
    /// stay in the run's folder.
    func writeWorkspace(_ files: [(path: String, content: Data)], folder: String) throws -> URL {
        let copy = workspace.appendingPathComponent(String(folder.dropFirst()), isDirectory: true)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for file in files {
            let local = workspace.appendingPathComponent(String(file.path.dropFirst()))
            try FileManager.default.createDirectory(at: local.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.content.write(to: local)
        }
        return copy
    }

    /// What the driver reported: the exit value, the error message and its trace, each if written.
    func outputs(redactedBy redaction: SecretRedaction) -> (exitValue: String?, error: String?, trace: String?) {
        func read(_ name: String) -> String? {
            (try? Data(contentsOf: out.appendingPathComponent(name))).map { redaction.redact(String(decoding: $0, as: UTF8.self)) }
        }
        return (read("exit_value"), read("error"), read("error_trace"))
    }

    /// `key=value` lines, both percent-encoded as UTF-8 outside `A-Za-z0-9_.~-`.
    static func encode(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\(percentEncoded($0.key))=\(percentEncoded($0.value))\n" }.joined()
    }

    /// The lines `encode` writes, read back.
    static func decode(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).removingPercentEncoding ?? ""
            values[key] = String(line[line.index(after: equals)...]).removingPercentEncoding ?? ""
        }
        return values
    }

    private static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "-"):
                result.append(Character(UnicodeScalar(byte)))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
