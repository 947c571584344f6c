import Foundation
import KilnAPI

/// The engine's one user: whoever runs it on this machine. The engine has no accounts; every
/// credential it accepts acts as this user.
struct EngineIdentity: IdentityService {
    func currentUser() async throws -> CurrentUser {
        CurrentUser(id: "1", userName: "\(NSUserName())@localhost", displayName: NSUserName())
    }
}
