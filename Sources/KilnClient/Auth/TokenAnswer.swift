import Foundation
import KilnAPI

/// The answer of a token endpoint, in each issuer's form: `expires_in` seconds (RFC 6749 §5.1;
/// Entra ID's v1 endpoint and the metadata service write it as a string) or `expires_on`, the
/// expiry in seconds since 1970 (the metadata service).
struct TokenAnswer: Decodable {
    var accessToken: String
    var expiresIn: Double?
    var expiresOn: Double?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case expiresOn = "expires_on"
    }

    /// A token without a stated lifetime is taken to live an hour, as OAuth libraries do.
    static let defaultLifetime: TimeInterval = 3600

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        expiresIn = Self.number(container, .expiresIn)
        expiresOn = Self.number(container, .expiresOn)
    }

    private static func number(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> Double? {
        (try? container.decodeIfPresent(Double.self, forKey: key))
            ?? (try? container.decodeIfPresent(String.self, forKey: key)).flatMap {
                $0.flatMap(Double.init)
            }
    }

    static func read(_ response: APIResponse, requestedAt: Date, purpose: String, url: String) throws -> IssuedToken {
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body), !answer.accessToken.isEmpty else {
            throw DatabricksError(.unreadableResponse, "\(url) answered without an access_token (\(purpose)).", status: response.status)
        }
        let expiresAt =
            answer.expiresIn.map { requestedAt.addingTimeInterval($0) }
            ?? answer.expiresOn.map { Date(timeIntervalSince1970: $0) } ?? requestedAt.addingTimeInterval(defaultLifetime)
        return IssuedToken(token: Secret(answer.accessToken), requestedAt: requestedAt, expiresAt: expiresAt)
    }
}
