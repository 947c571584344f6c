import Foundation
import KilnAPI
import KilnReports

/// Step 7: delete this build's workspace and storage folders (unless kept), then apply the
/// retention policy to the repository's older builds. Every delete goes through
/// ``BuildFolderGuard``: nothing outside `<root>/<repo>/` is ever touched.
///
/// A build's own cleanup leaves its `build.json` and `results.json` in its storage folder: they
/// are the repository's history (`kiln history`, `kiln report`), a few kilobytes each, and
/// retention deletes them with the rest of the build.
public struct CleanStep: Sendable {
    public var session: BuildSession
    public init(session: BuildSession) { self.session = session }

    /// - Parameter failed: whether the build failed, for `keep: on_failure`; `keep` forces keeping.
    public func run(failed: Bool, keep: Bool = false) async throws {
        let context = session.context
        let config = session.config
        let folders = [context.workspaceDir, context.storageDir]
        if keep || config.keep.keeps(afterFailure: failed) {
            session.observer.handle(.kept(paths: folders, because: keep ? "--keep" : "keep: \(config.keep.rawValue)"))
        } else {
            try await delete(build: context.buildID, keepingRecords: true)
            session.observer.handle(.cleaned(paths: folders))
        }
        try await applyRetention()
    }

    /// Deletes one build's folders in the workspace and in storage (either may be gone already);
    /// with `keepingRecords`, all of the storage folder but its manifest and results record.
    private func delete(build: String, keepingRecords: Bool = false) async throws {
        let context = session.context
        let workspaceDir = try BuildFolderGuard.check(
            "\(session.config.workspaceRoot)/\(context.repo)/\(build)",
            root: session.config.workspaceRoot, repo: context.repo, build: build)
        let storageDir = try BuildFolderGuard.check(
            "\(session.config.storageRoot)/\(context.repo)/\(build)",
            root: session.config.storageRoot, repo: context.repo, build: build)
        try await UnknownOutcome.delete { try await session.databricks.workspace.delete(workspaceDir, recursive: true) }
        let folder = try StoragePath(storageDir)
        let storage = session.storage
        if keepingRecords {
            let entries: [StorageEntry]
            do {
                entries = try await storage.list(folder)
            } catch let error as DatabricksError where error.status == 404 {
                return
            }
            for entry in entries where !Self.records.contains(entry.path.name) {
                try await UnknownOutcome.delete { try await storage.delete(entry.path) }
            }
        } else {
            try await UnknownOutcome.delete { try await storage.delete(folder) }
        }
    }

    /// How long after its run ended a build that still says `running` is taken for dead: half the
    /// build's timeout, at most 5 minutes. A live build collects its results well within it.
    var deadAfterRunEnded: Duration {
        min(session.config.job.timeout / 2, .seconds(300))
    }

    /// Whether run `runId` ended longer than ``deadAfterRunEnded`` ago; false when that cannot be told.
    private func runEndedLongAgo(_ runId: Int64) async -> Bool {
        guard let run = try? await session.databricks.jobs.getRun(runId: runId), run.state.lifeCycleState.isTerminal,
            run.endTime > 0
        else { return false }
        let endedMilliseconds = Date().timeIntervalSince1970 * 1000 - Double(run.endTime)
        return endedMilliseconds > Double(deadAfterRunEnded.components.seconds * 1000)
    }

    /// The files of a build's storage folder that its own cleanup keeps.
    private static let records: Set<String> = [BuildManifest.fileName, ResultsRecord.fileName]

    /// Deletes the builds of the repository that the retention policy no longer keeps. A build's
    /// age is its manifest's start; a build without a manifest is left alone (it may be staging),
    /// and so is one that has not ended, unless it started longer ago than any build may take or
    /// it still says `running` although its run ended a while ago (``deadAfterRunEnded``): then its
    /// `kiln` died (a killed agent), since a live build records `ran` as soon as its run ends.
    private func applyRetention() async throws {
        let context = session.context
        var names = Set<String>()
        do {
            for object in try await session.databricks.workspace.list("\(session.config.workspaceRoot)/\(context.repo)")
            where object.objectType == .directory {
                names.insert(WorkspacePathText.name(of: object.path))
            }
        } catch let error as DatabricksError where error.code == .resourceDoesNotExist {}
        do {
            for entry in try await session.storage.list(try StoragePath("\(session.config.storageRoot)/\(context.repo)"))
            where entry.isDirectory {
                names.insert(entry.path.name)
            }
        } catch let error as DatabricksError where error.status == 404 {}

        let abandonedBefore = Date().addingTimeInterval(-Double((session.config.job.timeout + .seconds(3600)).components.seconds))
        var builds: [RetentionPlan.Build] = []
        var ended = Set<String>()
        for name in names.sorted() where name != context.buildID {
            guard let manifest = try? await session.readManifest(build: name),
                let started = BuildManifest.date(manifest.startedAt)
            else { continue }
            builds.append(RetentionPlan.Build(id: name, startedAt: Int64(started.timeIntervalSince1970 * 1000)))
            if !BuildManifest.activeStates.contains(manifest.state) || started < abandonedBefore {
                ended.insert(name)
            } else if manifest.state == "running", let runId = manifest.runId, await runEndedLongAgo(runId) {
                ended.insert(name)
            }
        }
        builds.append(RetentionPlan.Build(id: context.buildID, startedAt: Int64(Date().timeIntervalSince1970 * 1000)))
        let plan = RetentionPlan(keepLast: session.config.retention.keepLast, maxAgeDays: session.config.retention.maxAgeDays)
        var deleted: [String] = []
        for build in plan.expired(builds, current: context.buildID) where ended.contains(build.id) {
            try await delete(build: build.id)
            deleted.append(build.id)
        }
        session.observer.handle(.retention(deleted: deleted))
    }
}
