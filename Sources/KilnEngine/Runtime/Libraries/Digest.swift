import Crypto
import Foundation

/// SHA-256 in hex: what names a set of libraries' environment, so that a changed wheel or list is
/// another environment, never a stale one.
enum Digest {
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }
}
