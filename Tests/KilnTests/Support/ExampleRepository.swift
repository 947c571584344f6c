import Foundation
import KilnAPI
import KilnClient
import KilnEngine
import Logging
import NIOConcurrencyHelpers

@testable import KilnPipeline

/// A copy of one of the example repositories in a temporary git repository on `main`.
struct ExampleRepository: Sendable {
    let repository: TestRepository

    var url: URL { repository.url }

    init(_ name: String = "r-model") async throws {
        repository = try TestRepository(files: [:])
        let source = Examples.folder(name)
        for relative in try LocalFiles.relativeFiles(in: source) {
            let target = repository.url.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source.appendingPathComponent(relative), to: target)
        }
        try await repository.initGit()
    }

    func write(_ path: String, _ text: String) throws { try repository.write(path, text) }

    /// A session on `engine` for this repository, with its events collected.
    func session(engine: Engine, buildID: String, environment extra: [String: String] = [:], observer: EventLog = EventLog()) async throws
        -> BuildSession
    {
        let config = try KilnConfig.load(file: nil, in: url)
        let environment = TestRepository.environment.merging(extra) { _, new in new }
        let context = try await BuildContext.resolve(
            config: config, overrides: BuildContext.Overrides(buildID: buildID), environment: environment)
        return BuildSession(
            config: config, context: context, target: try config.target(named: nil), databricks: engine.databricks,
            observer: observer, environment: environment,
            polling: RunPolling(initialInterval: .milliseconds(50), maximumInterval: .milliseconds(200)))
    }
}

extension ExampleRepository {
    /// A session for this repository that reaches `kiln serve` (the fixture's server) through the
    /// REST client `client`, as a build against a workspace does.
    func session(
        through client: DatabricksClient, of api: ServerAPI, buildID: String, logger: Logger? = nil
    ) async throws -> BuildSession {
        var session = try await session(engine: api.engine, buildID: buildID)
        session.databricks = client.databricks
        if let logger { session.logger = logger }
        return session
    }
}

/// A pipeline observer that keeps every event, for the tests to read.
final class EventLog: PipelineObserver, Sendable {
    private let events = NIOLockedValueBox<[PipelineEvent]>([])

    func handle(_ event: PipelineEvent) { events.withLockedValue { $0.append(event) } }

    var all: [PipelineEvent] { events.withLockedValue { $0 } }

    /// Every event as one text, notes as they are written, for "the console names …" checks.
    var text: String {
        all.map { event in
            if case .note(let text) = event { return text }
            return String(describing: event)
        }.joined(separator: "\n")
    }
}
