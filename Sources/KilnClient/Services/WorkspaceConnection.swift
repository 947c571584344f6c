import Foundation
import KilnAPI
import NIOHTTP1

/// An authenticated connection to one workspace: what the REST services call through. It turns
/// a method, path, query and body into a request with the workspace's credentials, and the
/// answer into the endpoint's model.
struct WorkspaceConnection: Sendable {
    let transport: HTTPTransport
    let authenticator: any Authenticator

    /// Sends a call; a successful answer's body goes to `download` when one is given.
    ///
    /// A call refused with 401 is sent once more after the authenticator dropped its tokens: a
    /// token revoked or expired early in a long run's polling is replaced rather than failing the
    /// build. A 401 means the request was refused before it took effect, so any call may be
    /// repeated; a personal access token, which nothing can replace, fails at once.
    ///
    /// - Parameter repeatable: whether the call is safe to send again after its connection broke
    ///   (reference §6); see `APIRequest.isRepeatable`.
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, query: [QueryItem] = [], body: APIRequest.Body = .none, repeatable: Bool, download: URL? = nil
    ) async throws -> APIResponse {
        let request = APIRequest(
            method: method, path: path, query: query, body: body, authorization: .workspace(authenticator), isRepeatable: repeatable)
        do {
            return try await transport.send(request, download: download)
        } catch let error as DatabricksError where error.status == 401 {
            guard await authenticator.invalidate() else { throw error }
            do {
                return try await transport.send(request, download: download)
            } catch let failure as CredentialFailure {
                throw failure.error
            }
        } catch let failure as CredentialFailure {
            // A token that could not be had fails the call as it is: no second attempt.
            throw failure.error
        }
    }

    /// A GET with its parameters in the query string, answered with JSON.
    func get<Answer: Decodable>(_ path: String, _ query: [QueryItem], as type: Answer.Type) async throws -> Answer {
        try decode(type, from: try await send(.GET, path, query: query, repeatable: true), endpoint: "GET \(path)")
    }

    /// A POST of a JSON body, answered with JSON.
    func post<Answer: Decodable>(
        _ path: String, _ body: some Encodable, repeatable: Bool, as type: Answer.Type = Empty.self
    ) async throws -> Answer {
        try await post(path, json: try WireCoding.encode(body), repeatable: repeatable, as: type)
    }

    /// A POST of JSON text sent as it is (job settings keep their key order), answered with JSON.
    func post<Answer: Decodable>(_ path: String, json: Data, repeatable: Bool, as type: Answer.Type = Empty.self) async throws -> Answer {
        let response = try await send(.POST, path, body: .json(json), repeatable: repeatable)
        return try decode(type, from: response, endpoint: "POST \(path)")
    }

    /// The answer as `type`; an empty body reads as `{}`, as the SDKs accept it for mutations.
    private func decode<Answer: Decodable>(_ type: Answer.Type, from response: APIResponse, endpoint: String) throws -> Answer {
        do {
            return try WireCoding.decode(type, from: response.body.isEmpty ? Data("{}".utf8) : response.body)
        } catch let error as DecodingError {
            throw DatabricksError(
                .unreadableResponse, "\(endpoint) answered \(response.status) with JSON the client cannot read: \(Self.summary(of: error))",
                status: response.status)
        }
    }

    /// Where the JSON went wrong, by field path; never the values, which may be anything.
    private static func summary(of error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the body" : "'\(keys.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)) lacks '\(key.stringValue)'"
        case .typeMismatch(let type, let context): return "\(path(context)) is not \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)) is null, not \(type)"
        case .dataCorrupted(let context): return "\(path(context)) is malformed"
        @unknown default: return "the body does not match the endpoint"
        }
    }
}

extension Array where Element == QueryItem {
    /// Appends `name=value` when there is a value: absent parameters take the server's default.
    mutating func add(_ name: String, _ value: (some CustomStringConvertible)?) {
        if let value { append(QueryItem(name, value.description)) }
    }

    /// Appends `name=true` when `flag` is set; false is every server's default.
    mutating func add(_ name: String, flag: Bool) {
        if flag { append(QueryItem(name, "true")) }
    }
}
