import KilnAPI

/// Calls whose answer may be lost after the workspace acted (a dropped connection, a 500): the
/// client sends them once, since repeating them could act twice, so the pipeline settles what
/// happened by reading the state back, and sends them again only when they did not act.
enum UnknownOutcome {
    static let attempts = 5

    /// Runs `call`; when its outcome is unknown, `settle` says what happened: a value is the
    /// answer, nil means the call did not act, and it is sent again after a short pause.
    static func resolve<Value>(_ call: () async throws -> Value, settle: () async throws -> Value?) async throws -> Value {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await call()
            } catch let error as DatabricksError where error.outcomeUnknown && attempt < attempts {
                if let settled = try await settle() { return settled }
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    /// A delete of something only its owner writes (a build's own folder, a lock file it holds),
    /// run until it is done: a path already gone is done, and a delete whose answer was lost is
    /// sent again (nothing else makes the path, so it can only find it gone).
    static func delete(_ delete: () async throws -> Void) async throws {
        try await resolve(
            {
                do {
                    try await delete()
                } catch let error as DatabricksError where error.status == 404 || error.code == .resourceDoesNotExist {}
            }, settle: { nil })
    }
}
