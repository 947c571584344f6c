import Foundation

/// An access token and how long it is good for.
struct IssuedToken: Sendable {
    var token: Secret
    /// When it was asked for: the lifetime an issuer states counts from there.
    var requestedAt: Date
    var expiresAt: Date

    /// When to replace it: `margin` before it expires, or half-way for a token that lives less
    /// than twice the margin.
    func refreshAfter(margin: TimeInterval) -> Date {
        expiresAt.addingTimeInterval(-min(margin, expiresAt.timeIntervalSince(requestedAt) / 2))
    }
}
