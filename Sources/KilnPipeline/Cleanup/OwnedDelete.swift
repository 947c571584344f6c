import KilnAPI

/// A delete of something only its owner writes (a build's own folder, a lock file it holds), run
/// until it is done. The client sends a delete once, since repeating a delete could remove what
/// someone made in between; here nothing else makes the path, so a delete whose answer was lost
/// is sent again (it can only find the path gone), and a path already gone is done.
enum OwnedDelete {
    static let attempts = 5

    static func run(_ delete: () async throws -> Void) async throws {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await delete()
            } catch let error as DatabricksError where error.status == 404 || error.code == .resourceDoesNotExist {
                return
            } catch let error as DatabricksError where error.outcomeUnknown && attempt < attempts {
                continue
            }
        }
    }
}
