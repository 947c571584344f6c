import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// An attempt that got no HTTP answer, and whether its request could have reached the server.
///
/// The difference decides what may be retried: a request that never left (the connection was
/// refused or never established) can always be sent again; one lost after it went out may have
/// taken effect, so only a call that is safe to repeat is sent again.
struct ConnectionFailure: Error, Sendable, CustomStringConvertible {
    /// True when the connection was never established, so the server cannot have seen the request.
    var requestNotSent: Bool
    /// What happened, in a few words (`connection refused`, `connection reset by the server`).
    var summary: String

    var description: String { summary }

    /// The failure `error` stands for, or nil when `error` is not about the connection.
    init?(_ error: any Error) {
        switch error {
        case let error as NIOConnectionError:
            let refused = error.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
            self.init(requestNotSent: true, summary: refused ? "connection refused" : "cannot connect")
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout: self.init(requestNotSent: true, summary: "connecting timed out")
            case .getConnectionFromPoolTimeout: self.init(requestNotSent: true, summary: "no connection became free in time")
            case .remoteConnectionClosed: self.init(requestNotSent: false, summary: "the server closed the connection before answering")
            case .readTimeout, .deadlineExceeded: self.init(requestNotSent: false, summary: "no answer in time")
            case .writeTimeout: self.init(requestNotSent: false, summary: "sending the request timed out")
            default: return nil
            }
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: self.init(requestNotSent: true, summary: "connection refused")
            case ECONNRESET: self.init(requestNotSent: false, summary: "connection reset by the server")
            case EPIPE: self.init(requestNotSent: false, summary: "the connection broke while sending")
            default: self.init(requestNotSent: false, summary: "I/O error on the connection: \(String(cString: strerror(error.errnoCode)))")
            }
        case let error as ChannelError:
            switch error {
            case .connectTimeout: self.init(requestNotSent: true, summary: "connecting timed out")
            case .ioOnClosedChannel, .alreadyClosed, .eof, .inputClosed, .outputClosed:
                self.init(requestNotSent: false, summary: "the connection was closed before the answer")
            default: return nil
            }
        default:
            return nil
        }
    }

    init(requestNotSent: Bool, summary: String) {
        self.requestNotSent = requestNotSent
        self.summary = summary
    }
}
