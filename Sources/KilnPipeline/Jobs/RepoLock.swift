import Foundation
import KilnAPI

/// A lock per repository, kept in the workspace, so that concurrent builds of one repository
/// configure and start its job one at a time: exactly one `build-<repo>` job, and each run started
/// with its own build's settings.
///
/// The lock is a workspace file `<root>/<repo>/.kiln-lock-<generation>`: an import without
/// overwrite creates it only if it is absent, which is atomic on Databricks as on the engine. A
/// lock whose holder died expires; the first build to create the next generation takes it over,
/// so two builds can never both take over the same expired lock. The holder renews its lease
/// while it works, and releases only a lock file that still names it as the owner.
public struct RepoLock: Sendable {
    public var workspace: any WorkspaceService
    /// `<workspace_root>/<repo>`.
    public var folder: String
    public var owner: String
    /// How long a holder may keep the lock before others may take it over.
    public var lifetime: Duration = .seconds(120)
    /// How long to wait for the lock before giving up.
    public var patience: Duration = .seconds(600)
    public var retryInterval: Duration = .milliseconds(200)

    /// - Parameter owner: who holds the lock, for messages (a build id); a unique suffix is added.
    public init(workspace: any WorkspaceService, folder: String, owner: String) {
        self.workspace = workspace
        self.folder = folder
        self.owner = "\(owner) \(UUID().uuidString.prefix(8))"
    }

    static let prefix = ".kiln-lock-"

    /// Runs `body` holding the lock, renewing the lease while it runs; the lock is released
    /// afterwards, also when `body` throws or the task is cancelled.
    public func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let held = try await acquire()
        let renewal = Task { [self] in
            while (try? await Task.sleep(for: lifetime / 3)) != nil {
                try? await write(held, overwrite: true)
            }
        }
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body())
        } catch {
            outcome = .failure(error)
        }
        // The renewal stops before the release, so it cannot write the lock file back after it.
        renewal.cancel()
        await renewal.value
        await release(held)
        return try outcome.get()
    }

    /// Deletes the lock file if it is still this holder's, in a task that a cancellation of the
    /// caller does not cancel: a lock left behind would hold every other build until it expires.
    private func release(_ path: String) async {
        await Task { [self] in
            guard (try? await holder(of: path))?.owner == owner else { return }
            try? await workspace.delete(path, recursive: false)
        }.value
    }

    /// Writes this holder's lease to `path`, good for `lifetime` from now.
    private func write(_ path: String, overwrite: Bool) async throws {
        let content = try WireCoding.encode(Holder(owner: owner, expiresAt: Self.now() + Int64(lifetime.components.seconds) * 1000))
        try await workspace.importObject(WorkspaceImport(path: path, content: content, format: .auto, overwrite: overwrite))
    }

    private struct Holder: Codable {
        var owner: String
        var expiresAt: Int64
        enum CodingKeys: String, CodingKey {
            case owner
            case expiresAt = "expires_at"
        }
    }

    /// Takes the lock; returns the path of the lock file held.
    private func acquire() async throws -> String {
        try await workspace.mkdirs(folder)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: patience)
        var lastHolder = "another build"
        while clock.now < deadline {
            let current = try await currentLock()
            let generation: Int
            if let current {
                let holder = try? await self.holder(of: current.path)
                lastHolder = holder?.owner ?? lastHolder
                guard let holder, holder.expiresAt < Self.now() else {
                    try await Task.sleep(for: retryInterval)
                    continue
                }
                generation = current.generation + 1
            } else {
                generation = 1
            }
            let path = "\(folder)/\(Self.prefix)\(generation)"
            do {
                try await write(path, overwrite: false)
            } catch let error as DatabricksError where error.code == .resourceAlreadyExists {
                continue
            }
            if let current { try? await workspace.delete(current.path, recursive: false) }
            return path
        }
        throw RepoLockError(folder: folder, holder: lastHolder, patience: patience)
    }

    /// The newest lock file in the folder, if any.
    private func currentLock() async throws -> (path: String, generation: Int)? {
        try await workspace.list(folder).compactMap { object -> (String, Int)? in
            let name = object.path.split(separator: "/").last.map(String.init) ?? ""
            guard name.hasPrefix(Self.prefix), let generation = Int(name.dropFirst(Self.prefix.count)) else { return nil }
            return (object.path, generation)
        }.max { $0.1 < $1.1 }
    }

    private func holder(of path: String) async throws -> Holder {
        try WireCoding.decode(Holder.self, from: try await workspace.export(path, format: .auto).content)
    }

    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// The lock could not be had in time.
public struct RepoLockError: Error, CustomStringConvertible, Sendable {
    public var folder: String
    public var holder: String
    public var patience: Duration
    public var description: String {
        "another build (\(holder)) held the lock \(folder)/\(RepoLock.prefix)* for over \(patience.components.seconds) seconds; it expires on its own if that build died, or delete it."
    }
}
