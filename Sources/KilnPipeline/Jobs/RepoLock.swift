import Foundation
import KilnAPI

/// A lock per repository, kept in the workspace, so that concurrent builds of one repository
/// configure and start its job one at a time: exactly one `build-<repo>` job, and each run started
/// with its own build's settings.
///
/// The lock is a workspace file `<root>/<repo>/.kiln-lock-<generation>`: an import without
/// overwrite creates it only if it is absent, which is atomic on Databricks as on the engine. A
/// lock whose holder died expires; the first build to create the next generation takes it over,
/// so two builds can never both take over the same expired lock. The holder renews its lease the
/// same way, by creating the next generation itself and deleting its last one: only calls whose
/// behaviour on a workspace is documented (import without overwrite, list, export, delete), never
/// an overwrite of a file, which Databricks refuses for some formats (databricks/cli#3386). A
/// holder releases only a lock file that is still the newest.
public struct RepoLock: Sendable {
    public var workspace: any WorkspaceService
    /// `<workspace_root>/<repo>`.
    public var folder: String
    public var owner: String
    /// How long a holder may keep the lock before others may take it over.
    public var lifetime: Duration = .seconds(120)
    /// How often the holder extends its lease: well within `lifetime`, so a slow call or a busy
    /// machine does not let the lease run out under a holder that is still working.
    public var renewalInterval: Duration = .seconds(40)
    /// How long to wait for the lock before giving up.
    public var patience: Duration = .seconds(600)
    /// How often a waiting build looks again: each look is a `list` and an `export`, calls that
    /// share the workspace's rate limits with every other build.
    public var retryInterval: Duration = .seconds(1)

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
        let held = Held(path: try await acquire())
        let renewal = Task { [self] in
            while (try? await Task.sleep(for: renewalInterval)) != nil {
                guard let renewed = try? await renew(held.path) else { continue }
                held.path = renewed
            }
        }
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body())
        } catch {
            outcome = .failure(error)
        }
        // The renewal stops before the release, so it cannot create a lock file after it.
        renewal.cancel()
        await renewal.value
        await release(held.path)
        return try outcome.get()
    }

    /// The path of the lock file a holder holds now; the renewal moves it to the next generation.
    private final class Held: Sendable {
        private let current: Locked<String>
        init(path: String) { current = Locked(path) }
        var path: String {
            get { current.withLock { $0 } }
            set { current.withLock { $0 = newValue } }
        }
    }

    /// Extends the lease: creates the next generation, then deletes the one held. Fails when
    /// another build created it first (the lease had expired and was taken over).
    private func renew(_ path: String) async throws -> String {
        guard let generation = Self.generation(ofFile: path) else { return path }
        let next = "\(folder)/\(Self.prefix)\(generation + 1)"
        try await write(next)
        try? await UnknownOutcome.delete { try await workspace.delete(path, recursive: false) }
        return next
    }

    /// Deletes the lock file if it is still the newest, in a task that a cancellation of the
    /// caller does not cancel: a lock left behind would hold every other build until it expires.
    private func release(_ path: String) async {
        await Task { [self] in
            guard (try? await currentLock())?.path == path else { return }
            try? await UnknownOutcome.delete { try await workspace.delete(path, recursive: false) }
        }.value
    }

    /// Creates the lock file `path` with this holder's lease, good for `lifetime` from now; fails
    /// with RESOURCE_ALREADY_EXISTS when the file exists.
    ///
    /// A create whose answer was lost (a dropped connection, a 500) may have made the file: it is
    /// read back, and is this holder's when it holds this lease; missing, it is created again.
    private func write(_ path: String) async throws {
        let lease = Holder(owner: owner, expiresAt: Self.now() + Int64((lifetime / .milliseconds(1)).rounded()))
        let content = try WireCoding.encode(lease)
        try await UnknownOutcome.resolve(
            { try await workspace.importObject(WorkspaceImport(path: path, content: content, format: .auto, overwrite: false)) },
            settle: {
                do {
                    guard try await holder(of: path) == lease else { throw DatabricksError.alreadyExists("\(path) holds another lease") }
                    return ()
                } catch let readBack as DatabricksError where readBack.code == .resourceDoesNotExist {
                    return nil
                }
            })
    }

    private struct Holder: Codable, Equatable {
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
                try await write(path)
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
            Self.generation(ofFile: object.path).map { (object.path, $0) }
        }.max { $0.1 < $1.1 }
    }

    /// The generation of a lock file's path, or nil when the path is no lock file.
    private static func generation(ofFile path: String) -> Int? {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        guard name.hasPrefix(prefix) else { return nil }
        return Int(name.dropFirst(prefix.count))
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
