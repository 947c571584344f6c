import Foundation

/// The whole suite's check that no secret reaches an output. What the suite captures is searched
/// for the shapes of the secrets its tests make: the standard output and error of every process
/// started through `runProcess` (`kiln` itself, the Databricks CLI, Python, R, git, chromium), and
/// the records a build leaves behind in a test's folder (manifests, results, reports, JUnit files,
/// CI summaries). A find is written,
/// without the secret, to `.build/test-artifacts/secret-finds.txt`, which `make test` requires to
/// be empty at the end (`scripts/check-secrets.sh`), so a leak fails the suite even when the test
/// that caused it looked at something else.
enum SecretSweep {
    static let finds = Examples.root.deletingLastPathComponent().appendingPathComponent(".build/test-artifacts/secret-finds.txt")

    /// The secrets the suite makes: a server's token (`TokenVerifier.generate`) and a client
    /// secret (`kiln-secret-<UUID>`, as the auth tests name theirs).
    nonisolated(unsafe) static let shapes: [(kind: String, pattern: Regex<Substring>)] = [
        ("a kiln serve token", /dapi[0-9a-f]{32}/),
        ("a client secret", /kiln-secret-[0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27}/),
    ]

    /// The records a build leaves that a user or a CI shows.
    static let recordNames: Set<String> = ["build.json", "results.json", "index.html", "junit.xml", "summary.md", "output"]
    /// Folders that hold no records, only a runtime's files: not walked.
    static let skipped: Set<String> = ["environments", ".venv", "site-packages", "spark-warehouse", ".git", "secrets"]

    /// Notes each secret-shaped string in `text`, which came from `source` (a program and its
    /// subcommand, never a script's text), in `finds`.
    static func search(_ text: String, from source: @autoclosure () -> String, into finds: URL = finds) {
        for shape in shapes where text.contains(shape.pattern) {
            record("\(shape.kind) in the output of \(source())", into: finds)
        }
    }

    /// Searches the records under `folder` before the folder goes.
    static func searchRecords(under folder: URL, into finds: URL = finds) {
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey, .fileSizeKey]) else {
            return
        }
        for case let file as URL in walk {
            if skipped.contains(file.lastPathComponent) {
                walk.skipDescendants()
                continue
            }
            guard recordNames.contains(file.lastPathComponent) || file.pathExtension == "xml",
                let values = try? file.resourceValues(forKeys: [.isDirectoryKey, .fileSizeKey]), values.isDirectory != true,
                (values.fileSize ?? 0) <= 8 << 20, let text = try? String(contentsOf: file, encoding: .utf8)
            else { continue }
            for shape in shapes where text.contains(shape.pattern) {
                record("\(shape.kind) in \(file.path.replacingOccurrences(of: folder.path, with: "<test folder>"))", into: finds)
            }
        }
    }

    private static let lock = NSLock()

    private static func record(_ line: String, into finds: URL) {
        lock.withLock {
            try? FileManager.default.createDirectory(at: finds.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: finds.path) { _ = FileManager.default.createFile(atPath: finds.path, contents: nil) }
            guard let handle = try? FileHandle(forWritingTo: finds) else { return }
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data((line + "\n").utf8))
        }
    }
}
