import Foundation
import KilnAPI
import NIOHTTP1

/// Asks the CI system for the pipeline's OIDC ID token, exactly as SDK-py's
/// `oidc_token_supplier.py` does: GitHub Actions `GET <request URL>&audience=<audience>` with
/// `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>`, answered `{"value": …}`; Azure DevOps
/// `POST …/oidctoken?api-version=7.2-preview.1`, empty, with `Authorization: Bearer
/// <SYSTEM_ACCESSTOKEN>` and `Content-Type: application/json`, answered `{"oidcToken": …}` (its
/// audience is always `api://AzureADTokenExchange`).
struct PipelineIDToken: Sendable {
    let endpoint: TokenEndpoint
    let request: OIDCTokenRequest

    /// - Parameter transport: a transport for `scheme://host[:port]` of the request URL, with the
    ///   proxy that host needs.
    init(_ request: OIDCTokenRequest, audience: String, transport: (String) -> HTTPTransport) {
        // The resolver checked that the URL splits (`OIDCTokenRequest.isCallable`).
        let (base, target) = request.url(audience: audience).baseAndTarget ?? (request.url(audience: audience), "")
        endpoint = TokenEndpoint(transport: transport(base), path: target, purpose: request.description)
        self.request = request
    }

    func fetch() async throws -> Secret {
        let response: APIResponse
        let field: String
        switch request {
        case .gitHubActions(_, let token):
            response = try await endpoint.answer(.GET, body: .none, authorization: .headers(["Authorization": "Bearer \(token.value)"]))
            field = "value"
        case .azureDevOps(_, let accessToken):
            response = try await endpoint.answer(
                .POST, body: .json(Data()), authorization: .headers(["Authorization": "Bearer \(accessToken.value)"]))
            field = "oidcToken"
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any], let token = object[field] as? String,
            !token.isEmpty
        else {
            throw DatabricksError(.unreadableResponse, "\(endpoint.url) answered without '\(field)' (\(request)).", status: response.status)
        }
        return Secret(token)
    }
}
