import Foundation
import KilnAPI
import NIOConcurrencyHelpers

/// Checks the bearer token of every request: the server's own token, and the short-lived
/// tokens its OAuth endpoint hands to service principals. Comparisons take the same time
/// whatever the token, so that timing does not leak it.
final class TokenVerifier: Sendable {
    private let token: String
    private let issued = NIOLockedValueBox<[String: Date]>([:])

    init(token: String) {
        self.token = token
    }

    func verify(authorization: String?) throws {
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            throw DatabricksError(.unauthenticated, "No access token: send the header 'Authorization: Bearer <token>'.", status: 401)
        }
        let presented = String(authorization.dropFirst("Bearer ".count))
        var valid = Self.constantTimeEquals(presented, token)
        let now = Date()
        issued.withLockedValue { tokens in
            tokens = tokens.filter { $0.value > now }
            for candidate in tokens.keys where Self.constantTimeEquals(presented, candidate) { valid = true }
        }
        guard valid else {
            throw DatabricksError(.unauthenticated, "Invalid access token.", status: 401)
        }
    }

    /// Accepts `token` until `expiry`.
    func issue(_ token: String, until expiry: Date) {
        issued.withLockedValue { $0[token] = expiry }
    }

    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }

    /// A new random token, as Databricks personal access tokens look.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "dapi" + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
