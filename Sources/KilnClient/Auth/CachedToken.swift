import Foundation

/// A token of one source, kept until shortly before it expires and then fetched again.
///
/// Callers that need the token while one is being fetched wait for that same fetch: a burst of
/// parallel calls makes one token request. The margin is 60 s, more than the 40 s the SDKs keep
/// for Azure, whose workspaces refuse a token with 30 s or less left.
actor CachedToken {
    static let refreshMargin: TimeInterval = 60

    private let source: any TokenSource
    private let currentTime: @Sendable () -> Date
    private var current: IssuedToken?
    private var refresh: Task<IssuedToken, any Error>?

    init(_ source: any TokenSource, currentTime: @escaping @Sendable () -> Date) {
        self.source = source
        self.currentTime = currentTime
    }

    func value() async throws -> Secret {
        if let current, currentTime() < current.refreshAfter(margin: Self.refreshMargin) { return current.token }
        let task = refresh ?? startRefresh()
        do {
            let issued = try await task.value
            if refresh == task {
                current = issued
                refresh = nil
            }
            return issued.token
        } catch {
            if refresh == task { refresh = nil }
            throw error
        }
    }

    /// Drops the kept token, unless a new one is being fetched already: the calls that were
    /// refused together then share one refresh.
    func invalidate() {
        if refresh == nil { current = nil }
    }

    private func startRefresh() -> Task<IssuedToken, any Error> {
        let task = Task { [source, currentTime] in try await source.fetchToken(requestedAt: currentTime()) }
        refresh = task
        return task
    }
}
