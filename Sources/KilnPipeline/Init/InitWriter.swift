import Foundation

/// Writes a plan's files into the repository, all or none: when one of them exists and `--force`
/// was not given, nothing is written, so a repository is never left half set up or a file of the
/// user's replaced.
public struct InitWriter: Sendable {
    public var root: URL
    public var force: Bool

    public init(root: URL, force: Bool) {
        self.root = root
        self.force = force
    }

    /// Lines `.gitignore` gets: the engine's state and the merged results are not source.
    static let ignored = [".kiln/", "kiln-results/"]

    public struct Outcome: Sendable {
        public var written: [InitPlan.File]
        /// Files that existed and were replaced (with `--force`).
        public var replaced: Set<String>
        /// The lines added to `.gitignore`.
        public var ignoredLines: [String]
    }

    @discardableResult
    public func write(_ plan: InitPlan) throws -> Outcome {
        let existing = plan.files.map(\.path).filter { FileManager.default.fileExists(atPath: url($0).path) }
        guard force || existing.isEmpty else { throw InitWriteRefused(existing: existing) }
        for file in plan.files {
            let target = url(file.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: target, options: .atomic)
        }
        return Outcome(written: plan.files, replaced: Set(existing), ignoredLines: try updateGitignore())
    }

    private func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Appends the lines `.gitignore` lacks; never rewrites what is there.
    private func updateGitignore() throws -> [String] {
        let file = url(".gitignore")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        let present = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = Self.ignored.filter { !present.contains($0) && !present.contains(String($0.dropLast())) }
        guard !missing.isEmpty else { return [] }
        let addition =
            (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "# Kiln's local state and results\n" + missing.joined(separator: "\n")
            + "\n"
        if FileManager.default.fileExists(atPath: file.path) {
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(addition.utf8))
        } else {
            try Data(addition.utf8).write(to: file)
        }
        return missing
    }
}

/// `kiln init` found files it would write: it wrote nothing.
public struct InitWriteRefused: Error, Sendable, CustomStringConvertible {
    public var existing: [String]

    public var description: String {
        "\(existing.joined(separator: ", ")) \(existing.count == 1 ? "exists" : "exist"): nothing was written. "
            + "Run kiln init --force to replace \(existing.count == 1 ? "it" : "them"), or move \(existing.count == 1 ? "it" : "them") aside first."
    }
}
