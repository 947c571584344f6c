/// The identity behind the credentials, for `kiln doctor`'s token check.
public protocol IdentityService: Sendable {
    func currentUser() async throws -> CurrentUser
}
