import Foundation

/// The Azure management endpoint's token, sent as `X-Databricks-Azure-SP-Management-Token`: with
/// it, Azure Databricks lets in a service principal that has a role on the workspace resource
/// but is not yet a workspace user.
///
/// A service principal's credentials always give one (`required`). An Azure CLI login may not —
/// a user without access to the management endpoint — so, as SDK-go decides for `azure-cli`, the
/// header is left out for good when the first attempt to get the token fails; a later failure,
/// once it has been had, is an error.
actor ManagementToken {
    private let token: CachedToken
    private let required: Bool
    private var state = State.untried

    private enum State {
        case untried, available, unavailable
    }

    init(_ token: CachedToken, required: Bool) {
        self.token = token
        self.required = required
    }

    /// The token, or nil when the login has none.
    func value() async throws -> Secret? {
        switch state {
        case .unavailable: return nil
        case .available: return try await token.value()
        case .untried:
            do {
                let value = try await token.value()
                state = .available
                return value
            } catch  where !required {
                state = .unavailable
                return nil
            }
        }
    }

    func invalidate() async {
        await token.invalidate()
    }
}
