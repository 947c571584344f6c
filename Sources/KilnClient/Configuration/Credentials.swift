/// How the client proves who it is to the workspace: the two methods a CI job uses.
public enum Credentials: Sendable, Equatable, CustomStringConvertible {
    /// A personal access token (`dapi…`), sent as `Authorization: Bearer <token>`.
    case personalAccessToken(Secret)
    /// A service principal's client credentials, exchanged at `<host>/oidc/v1/token` for
    /// short-lived tokens (OAuth machine-to-machine).
    case oauthMachineToMachine(clientId: String, clientSecret: Secret)

    /// The `auth_type` name the Databricks SDKs give this method.
    public var authType: String {
        switch self {
        case .personalAccessToken: AuthType.pat
        case .oauthMachineToMachine: AuthType.oauthM2M
        }
    }

    public var description: String {
        switch self {
        case .personalAccessToken: "personal access token"
        case .oauthMachineToMachine(let clientId, _): "OAuth M2M as client \(clientId)"
        }
    }
}

/// The values of `auth_type` (`DATABRICKS_AUTH_TYPE`) that Kiln supports.
enum AuthType {
    static let pat = "pat"
    static let oauthM2M = "oauth-m2m"
    static let supported = [pat, oauthM2M]
}
