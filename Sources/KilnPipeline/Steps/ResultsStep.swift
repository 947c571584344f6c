import Foundation
import KilnAPI
import KilnReports

/// Step 5 and 6: bring back the JUnit files the tests wrote under the build's storage folder,
/// merge them, write the merged file where the CI picks it up, and tell the CI; then keep a
/// compact copy (`results.json`) beside the manifest for history.
public struct ResultsStep: Sendable {
    public var session: BuildSession
    public init(session: BuildSession) { self.session = session }

    /// Collects the results of the run the build's manifest records (`kiln results` on its own).
    public func runForRecordedRun() async throws -> ResultsVerdict {
        guard let runId = try await session.readManifest()?.runId else { throw ResultsError.noRecordedRun(session.context.storageDir) }
        let run = try await session.databricks.jobs.getRun(runId: runId)
        let finished = FinishedRun(run: run, timedOut: false)
        return try await self.run(ResultsVerdict.RunEnding(finished: finished, output: await session.taskOutput(of: run)))
    }

    /// - Parameter run: how the run ended (from `RunStep`, or read back by `kiln results`).
    public func run(_ ending: ResultsVerdict.RunEnding) async throws -> ResultsVerdict {
        let storageDir = try session.storageDir()
        let entries = try await session.storage.list(storageDir, recursive: true)
        let matching = entries.filter { !$0.isDirectory }.compactMap { entry -> (String, StoragePath)? in
            guard let relative = storageDir.relativePath(of: entry.path), session.config.results.path.matches(relative) else { return nil }
            return (relative, entry.path)
        }.sorted { $0.0 < $1.0 }

        let downloads = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kiln-results-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: downloads) }
        var files: [ResultFile] = []
        var unreadable: [(name: String, error: String)] = []
        for (index, (relative, path)) in matching.enumerated() {
            let local = downloads.appendingPathComponent("\(index)-\(path.name)")
            try await session.storage.download(path, to: local)
            do {
                files.append(ResultFile(name: relative, report: try JUnitParser().parse(contentsOf: local)))
            } catch {
                unreadable.append((relative, String(describing: error)))
            }
        }
        var verdict = ResultsVerdict(
            files: files, unreadable: unreadable, run: ending, notebookPath: session.context.notebookPath,
            lookedAt: "\(storageDir)/\(session.config.results.path.pattern)")
        // Failures point at the repository's files, as `kiln results` on files does, so the
        // annotations land on the pull request's diff.
        verdict.report = SourceLocations(root: session.config.directory).mapping(verdict.report)
        let manifest = try await session.readManifest()
        try ResultsPublication(observer: session.observer, ci: session.context.ci, environment: session.environment).publish(
            verdict.report, files: matching.map(\.0), output: session.config.results.output,
            title: "kiln: \(session.context.repo) build \(session.context.buildID)", runPageURL: manifest?.runPageUrl)
        // History reads the record only after the manifest names a verdict, so it goes first.
        try await session.writeRecord(ResultsRecord(verdict.report), named: ResultsRecord.fileName)
        if var manifest {
            manifest.record(verdict)
            try await session.writeManifest(manifest)
        }
        return verdict
    }
}

/// Why results cannot be collected.
public enum ResultsError: Error, CustomStringConvertible, Sendable {
    case noRecordedRun(String)

    public var description: String {
        switch self {
        case .noRecordedRun(let folder):
            "no run is recorded in \(folder)/build.json: run `kiln run` with the same --build-id first"
        }
    }
}
