import KilnAPI

/// A token that could not be had (refused by its issuer, `az` not signed in…), on its way
/// through the transport to `WorkspaceConnection`, which unwraps it: wrapped, it cannot be
/// mistaken for the workspace refusing a call, which earns a new token and a second attempt.
struct CredentialFailure: Error {
    let error: DatabricksError
}
