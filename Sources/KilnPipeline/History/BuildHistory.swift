import Foundation
import KilnAPI
import KilnReports

/// The repository's builds, read from the workspace's own state: each build's `build.json` and
/// `results.json` in its storage folder. Nothing is kept on the agent, so every agent and every
/// target shows the same history, and retention bounds it.
public struct BuildHistory: Sendable {
    public var session: BuildSession

    public init(session: BuildSession) { self.session = session }

    /// The builds with a readable manifest, newest first, at most `limit`; with `withResults`, each
    /// with its results record when it has a readable one. Manifests are read `session.parallelism`
    /// at a time.
    public func builds(limit: Int? = nil, withResults: Bool = false) async throws -> [BuildRecord] {
        let names = try await buildNames()
        // A manifest that cannot be read (half-written, from another Kiln) leaves its build out, not the history.
        let builds = try await concurrentMap(names, width: session.parallelism) { name in
            try? await session.readManifest(build: name)?.record()
        }
        .compactMap { $0 }
        .sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
        let kept = Array(builds.prefix(limit ?? builds.count))
        guard withResults else { return kept }
        return try await concurrentMap(kept, width: session.parallelism) { build in
            var build = build
            build.results = try? await session.readRecord(ResultsRecord.self, named: ResultsRecord.fileName, build: build.id)
            return build
        }
    }

    /// One build with its results.
    public func build(_ id: String) async throws -> BuildRecord {
        guard SafeName.isValid(id) else { throw HistoryError.invalidBuildID(id) }
        guard let manifest = try await session.readManifest(build: id) else {
            throw HistoryError.unknownBuild(id, folder: "\(session.config.storageRoot)/\(session.context.repo)")
        }
        return manifest.record(results: try await session.readRecord(ResultsRecord.self, named: ResultsRecord.fileName, build: id))
    }

    /// The names of the folders under `<storage_root>/<repo>/`: one per build not yet retired.
    private func buildNames() async throws -> [String] {
        do {
            return try await session.storage.list(try StoragePath("\(session.config.storageRoot)/\(session.context.repo)"))
                .filter(\.isDirectory).map(\.path.name)
        } catch let error as DatabricksError where error.status == 404 {
            return []
        }
    }
}

/// A build that history cannot show.
public enum HistoryError: Error, CustomStringConvertible, Sendable {
    case invalidBuildID(String)
    case unknownBuild(String, folder: String)

    public var description: String {
        switch self {
        case .invalidBuildID(let id):
            "`\(id)` is not a build id: build ids are \(SafeName.rule); `kiln history` lists them"
        case .unknownBuild(let id, let folder):
            "no build \(id) in \(folder) (it may have been retired by retention): `kiln history` lists the builds kept"
        }
    }
}

extension BuildHistory {
    /// Writes `kiln report`'s page for the newest `limit` builds to `folder/index.html`; returns the
    /// page's location and how many builds it shows.
    public func writeReport(to folder: URL, limit: Int) async throws -> (page: URL, builds: Int) {
        let builds = try await builds(limit: limit, withResults: true)
        let page = folder.appendingPathComponent("index.html")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(HTMLReport(repo: session.context.repo, builds: builds).render().utf8).write(to: page, options: .atomic)
        return (page, builds.count)
    }
}
