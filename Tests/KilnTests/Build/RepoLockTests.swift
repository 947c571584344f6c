import Foundation
import KilnAPI
import NIOConcurrencyHelpers
import Testing

@testable import KilnPipeline

/// The repository lock, on the engine's workspace.
@Suite("Repository lock", .timeLimit(.minutes(1)))
struct RepoLockTests {
    private func lockFiles(_ fixture: EngineFixture) async throws -> [String] {
        try await fixture.workspace.list("/Shared/build/repo").map(\.path).filter { $0.contains(RepoLock.prefix) }
    }

    @Test func holdersNeverOverlap() async throws {
        let fixture = try await EngineFixture()
        let active = NIOLockedValueBox((now: 0, most: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for build in 0..<6 {
                group.addTask {
                    var lock = RepoLock(workspace: fixture.workspace, folder: "/Shared/build/repo", owner: "build-\(build)")
                    lock.retryInterval = .milliseconds(50)
                    try await lock.withLock {
                        active.withLockedValue {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        for _ in 0..<20 { await Task.yield() }
                        active.withLockedValue { $0.now -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(active.withLockedValue { $0.most } == 1)
        #expect(try await lockFiles(fixture).isEmpty, "every holder released its lock")
    }

    @Test func anExpiredLockIsTakenOver() async throws {
        let fixture = try await EngineFixture()
        try await fixture.workspace.mkdirs("/Shared/build/repo")
        let dead = #"{"owner": "a build that died", "expires_at": 1000}"#
        try await fixture.workspace.importObject(
            WorkspaceImport(path: "/Shared/build/repo/\(RepoLock.prefix)4", content: Data(dead.utf8), format: .auto))
        let lock = RepoLock(workspace: fixture.workspace, folder: "/Shared/build/repo", owner: "next")
        #expect(try await lock.withLock { try await lockFiles(fixture) } == ["/Shared/build/repo/\(RepoLock.prefix)5"])
        #expect(try await lockFiles(fixture).isEmpty)
    }

    @Test func aLiveLockMakesOthersWaitThenGiveUpNamingItsHolder() async throws {
        let fixture = try await EngineFixture()
        try await fixture.workspace.mkdirs("/Shared/build/repo")
        let live = #"{"owner": "build 17", "expires_at": \#(Int64(Date().timeIntervalSince1970 * 1000) + 600_000)}"#
        try await fixture.workspace.importObject(
            WorkspaceImport(path: "/Shared/build/repo/\(RepoLock.prefix)1", content: Data(live.utf8), format: .auto))
        var lock = RepoLock(workspace: fixture.workspace, folder: "/Shared/build/repo", owner: "waiting")
        lock.patience = .seconds(1)
        lock.retryInterval = .milliseconds(100)
        do {
            _ = try await lock.withLock { Issue.record("the lock was taken while another held it") }
        } catch let error as RepoLockError {
            #expect(error.description.contains("build 17"))
        }
        // A release only ever deletes its own lock: the holder's file is still there.
        #expect(try await lockFiles(fixture) == ["/Shared/build/repo/\(RepoLock.prefix)1"])
    }

    /// A holder that keeps working keeps the lock: it renews by taking the next generation itself
    /// (no file is ever overwritten), each with a later expiry, and a build waiting meanwhile gets
    /// the lock only after the holder released it. (The lease is long, so a busy machine cannot let
    /// it expire during the test; the later expiries show the renewal.)
    @Test func aHolderRenewsItsLeaseByTakingTheNextGeneration() async throws {
        let fixture = try await EngineFixture()
        let order = NIOLockedValueBox<[String]>([])
        var holder = RepoLock(workspace: fixture.workspace, folder: "/Shared/build/repo", owner: "long")
        holder.renewalInterval = .milliseconds(50)
        let waiting = try await holder.withLock {
            let first = try await expiry(of: "/Shared/build/repo/\(RepoLock.prefix)1", in: fixture)
            let waiting = Task {
                var other = RepoLock(workspace: fixture.workspace, folder: "/Shared/build/repo", owner: "waiting")
                other.retryInterval = .milliseconds(20)
                try await other.withLock { order.withLockedValue { $0.append("waiting") } }
            }
            var files: [(path: String, generation: Int)] = []
            while (files.map(\.generation).max() ?? 0) < 4 {
                try await Task.sleep(for: .milliseconds(20))
                files = try await lockFiles(fixture).map { ($0, Int($0.split(separator: "-").last ?? "") ?? 0) }
            }
            // A renewal creates the next generation, then deletes the one before: never more than two.
            #expect(files.count <= 2, "each renewal deleted the one before: \(files)")
            let newest = try #require(files.max { $0.generation < $1.generation })
            #expect(try await expiry(of: newest.path, in: fixture) > first, "the renewed lease ends later")
            order.withLockedValue { $0.append("holder done") }
            return waiting
        }
        try await waiting.value
        #expect(order.withLockedValue { $0 } == ["holder done", "waiting"])
        #expect(try await lockFiles(fixture).isEmpty)
    }

    /// The `expires_at` of a lock file.
    private func expiry(of path: String, in fixture: EngineFixture) async throws -> Int64 {
        let content = try await fixture.workspace.export(path, format: .auto).content
        return try #require((try JSONSerialization.jsonObject(with: content) as? [String: Any])?["expires_at"] as? Int64)
    }
}
