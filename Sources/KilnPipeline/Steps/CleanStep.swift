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
        try await session.storage.delete(try StoragePath(storageDir))
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
        let expired = plan.expired(builds.map { RetentionPlan.Build(id: $0.key, createdAt: $0.value) }, current: context.buildID)
        for build in expired { try await delete(build: build.id) }
        session.observer.handle(.retention(deleted: expired.map(\.id)))
    }
}
