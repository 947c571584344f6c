import Foundation
import KilnAPI

/// Step 7: delete this build's workspace and storage folders (unless kept), then apply the
/// retention policy to the repository's older builds. Every delete goes through
/// ``BuildFolderGuard``: nothing outside `<root>/<repo>/` is ever touched.
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
            try await delete(build: context.buildID)
            session.observer.handle(.cleaned(paths: folders))
        }
        try await applyRetention()
    }

    /// Deletes one build's folders in the workspace and in storage (either may be gone already).
    private func delete(build: String) async throws {
        let context = session.context
        let workspaceDir = try BuildFolderGuard.check("\(session.config.workspaceRoot)/\(context.repo)/\(build)",
                                                      root: session.config.workspaceRoot, repo: context.repo, build: build)
        let storageDir = try BuildFolderGuard.check("\(session.config.storageRoot)/\(context.repo)/\(build)",
                                                    root: session.config.storageRoot, repo: context.repo, build: build)
        do {
            try await session.databricks.workspace.delete(workspaceDir, recursive: true)
        } catch let error as DatabricksError where error.code == .resourceDoesNotExist {}
        do {
            try await session.storage.delete(try StoragePath(storageDir))
        } catch let error as DatabricksError where error.status == 404 {}
    }

    /// Deletes the builds of the repository that the retention policy no longer keeps.
    private func applyRetention() async throws {
        let context = session.context
        let workspaceRepo = "\(session.config.workspaceRoot)/\(context.repo)"
        var builds: [String: Int64] = [:]
        do {
            for object in try await session.databricks.workspace.list(workspaceRepo) where object.objectType == .directory {
                builds[WorkspacePathText.name(of: object.path)] = object.createdAt ?? 0
            }
        } catch let error as DatabricksError where error.code == .resourceDoesNotExist {}
        let storageRepo = try StoragePath("\(session.config.storageRoot)/\(context.repo)")
        do {
            for entry in try await session.storage.list(storageRepo) where entry.isDirectory && builds[entry.path.name] == nil {
                builds[entry.path.name] = 0
            }
        } catch let error as DatabricksError where error.status == 404 {}
        let plan = RetentionPlan(keepLast: session.config.retention.keepLast, maxAgeDays: session.config.retention.maxAgeDays)
        var deleted: [String] = []
        for build in plan.expired(builds.map { RetentionPlan.Build(id: $0.key, createdAt: $0.value) }, current: context.buildID)
        where try await hasEnded(build) {
            try await delete(build: build.id)
            deleted.append(build.id)
        }
        session.observer.handle(.retention(deleted: deleted))
    }

    /// Whether an older build is over, so that retention may delete it: its manifest records a
    /// verdict, or it started (or, without a manifest, its folder was made) longer ago than any
    /// build may take. A build still staging or running is never deleted from under it.
    private func hasEnded(_ build: RetentionPlan.Build) async throws -> Bool {
        let abandonedAfter = session.config.job.timeout + .seconds(3600)
        let cutoff = Date().addingTimeInterval(-Double(abandonedAfter.components.seconds))
        guard let manifest = try await session.readManifest(build: build.id) else {
            return build.createdAt < Int64(cutoff.timeIntervalSince1970 * 1000)
        }
        if !["staged", "running"].contains(manifest.state) { return true }
        return (ISO8601DateFormatter().date(from: manifest.startedAt) ?? .distantPast) < cutoff
    }
}
