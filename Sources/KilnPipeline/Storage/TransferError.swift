import Foundation

/// A transfer between this machine and storage that failed: which file, where, and why.
public struct TransferError: Error, Sendable, CustomStringConvertible {
    public enum Direction: Sendable, Hashable {
        case upload
        case download
    }

    public var direction: Direction
    public var local: URL
    public var remote: StoragePath
    /// The error of the service (a `DatabricksError`) or of the local file.
    public var underlying: any Error

    public var description: String {
        switch direction {
        case .upload: "uploading \(local.path) to \(remote) failed: \(underlying)"
        case .download: "downloading \(remote) to \(local.path) failed: \(underlying)"
        }
    }
}
