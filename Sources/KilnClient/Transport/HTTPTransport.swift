import AsyncHTTPClient
import Foundation
import KilnAPI
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Sends the calls of one client: paced per endpoint (`EndpointPacer`), authorized, retried within each
/// call's deadline when that is safe, logged without secrets, and their errors mapped to
/// `DatabricksError`.
///
/// What is retried (reference §6, `RetryRule`): answers that refused the request before acting on
/// it (429, 503, the rate-limit messages) and connections that were never established, for every
/// call; transient failures (500, 502, 504, the messages the SDKs retry) and a connection lost after
/// the request went out (reset, closed, timed out) only for calls that are safe to repeat.
/// Waits grow exponentially with jitter and are never shorter than `Retry-After`. Anything else
/// fails at once; a call that runs out of time fails with an error that names the endpoint, the
/// attempts and the last answer or connection error.
final class HTTPTransport: Sendable {
    let baseURL: String
    private let http: HTTPClient
    private let settings: ClientSettings
    private let pacer: EndpointPacer
    private let backoff: RetryBackoff
    private let logger: Logger

    /// The most bytes of an error answer read: enough for any message, never a runaway body.
    static let maximumErrorBytes = 1 << 20
    /// An upload attempt gets `requestTimeout` plus one second per MiB it sends.
    static let minimumUploadBytesPerSecond: Int64 = 1 << 20

    init(baseURL: String, http: HTTPClient, settings: ClientSettings, logger: Logger) {
        self.baseURL = baseURL
        self.http = http
        self.settings = settings
        self.pacer = EndpointPacer(rateLimit: settings.rateLimit, burst: settings.burst)
        self.backoff = RetryBackoff(initial: settings.initialBackoff, maximum: settings.maximumBackoff)
        self.logger = logger
    }

    /// Sends `request` until it succeeds, fails for good, or the call's deadline passes; the body
    /// of a successful answer goes to `download` instead of memory when one is given.
    ///
    /// The deadline bounds the retrying, as in the SDKs: no wait starts that would end past it, so
    /// no attempt starts after it, and each attempt has its own `requestTimeout` (an attempt cut
    /// short to fit the deadline would only turn the server's last answer into a timeout).
    func send(_ request: APIRequest, download: URL? = nil) async throws -> APIResponse {
        let started = ContinuousClock.now
        let deadline = started + settings.retryTimeout
        var attempt = 1
        while true {
            try await pacer.acquire(for: request.path)
            switch try await self.attempt(request, download: download) {
            case .answered(let response):
                return response
            case .failed(let failure, let retryAfter):
                let delay = backoff.delay(afterAttempt: attempt, retryAfter: retryAfter)
                let now = ContinuousClock.now
                guard now + delay < deadline else {
                    throw gaveUp(request, attempts: attempt, elapsed: now - started, last: failure)
                }
                logger.debug(
                    "\(request.endpoint): retrying in \(delay.shortText) (attempt \(attempt + 1), \((deadline - now).shortText) left)")
                try await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// What one attempt ended with: the answer to return, or a failure worth another attempt.
    private enum AttemptResult {
        case answered(APIResponse)
        case failed(Failure, retryAfter: Duration?)
    }

    /// The last failure of a call that is being retried, for the error when it gives up.
    private enum Failure: CustomStringConvertible {
        case answer(DatabricksError)
        case connection(ConnectionFailure)

        var description: String {
            switch self {
            case .answer(let error): "\(error.status) \(error.code.rawValue): \(error.message)"
            case .connection(let failure): failure.summary
            }
        }
    }

    private func attempt(_ request: APIRequest, download: URL?) async throws -> AttemptResult {
        let started = ContinuousClock.now
        let response: APIResponse
        do {
            response = try await perform(request, download: download)
        } catch let error as HTTPClientError where error == .proxyAuthenticationRequired {
            // Trying again cannot help: the proxy refused the credentials of its URL.
            throw DatabricksError(
                .unauthenticated,
                "\(request.endpoint): the proxy refused Kiln's credentials (407 Proxy Authentication Required); "
                    + "check the user and password in HTTPS_PROXY / HTTP_PROXY", status: 407)
        } catch let error where !(error is DatabricksError) {
            if Task.isCancelled { throw CancellationError() }
            guard let failure = ConnectionFailure(error) else { throw error }
            logger.debug(
                "\(request.method.rawValue) \(request.loggedTarget) → \(failure.summary) after \((ContinuousClock.now - started).shortText)"
            )
            guard failure.requestNotSent || request.isRepeatable else {
                throw DatabricksError(
                    .connectionLost,
                    "\(request.endpoint): \(failure.summary) (\(baseURL)); not sent again, as the call may have taken effect", status: 0)
            }
            return .failed(.connection(failure), retryAfter: nil)
        }
        let took = (ContinuousClock.now - started).shortText
        guard !(200..<300).contains(response.status) else {
            logger.debug("\(request.method.rawValue) \(request.loggedTarget) → \(response.status) in \(took)")
            return .answered(response)
        }
        let error = ErrorBodyDecoder.error(
            status: response.status, reason: HTTPResponseStatus(statusCode: response.status).reasonPhrase, body: response.body)
        logger.debug("\(request.method.rawValue) \(request.loggedTarget) → \(response.status) \(error.code.rawValue) in \(took)")
        guard RetryRule(status: response.status, error: error).allowsRetry(repeatable: request.isRepeatable) else { throw error }
        return .failed(.answer(error), retryAfter: RetryBackoff.retryAfter(response.headers.first(name: "Retry-After")))
    }

    private func perform(_ request: APIRequest, download: URL?) async throws -> APIResponse {
        var http = HTTPClientRequest(url: baseURL + request.path + QueryString.encode(request.query))
        http.method = request.method
        http.headers.add(name: "User-Agent", value: settings.userAgent)
        switch request.authorization {
        case .workspace(let authenticator):
            http.headers.add(contentsOf: try await authenticator.headers())
        case .clientCredentials(let clientId, let secret):
            http.headers.add(name: "Authorization", value: "Basic " + Data("\(clientId):\(secret.value)".utf8).base64EncodedString())
        case .headers(let headers):
            http.headers.add(contentsOf: headers)
        }
        switch request.body {
        case .none:
            break
        case .json(let data):
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(data: data))
        case .form(let text):
            http.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            http.body = .bytes(ByteBuffer(string: text))
        case .bytes(let data):
            http.headers.add(name: "Content-Type", value: "application/octet-stream")
            http.body = .bytes(ByteBuffer(data: data))
        case .file(let file):
            return try await upload(http, file: file, framedBy: nil, endpoint: request.endpoint, download: download)
        case .multipartFile(let fields, let fileField, let file):
            let form = MultipartFileForm(fields: fields, fileField: fileField, fileName: file.lastPathComponent)
            return try await upload(http, file: file, framedBy: form, endpoint: request.endpoint, download: download)
        }
        return try await execute(
            http, endpoint: request.endpoint, answerBy: .now() + TimeAmount(settings.requestTimeout), download: download)
    }

    /// Sends `file` as the body, alone or inside a multipart `form`, streamed from disk: the attempt
    /// gets `requestTimeout` plus a second per MiB it sends.
    private func upload(
        _ request: HTTPClientRequest, file: URL, framedBy form: MultipartFileForm?, endpoint: String, download: URL?
    ) async throws -> APIResponse {
        var request = request
        request.headers.add(name: "Content-Type", value: form?.contentType ?? "application/octet-stream")
        return try await FileStreaming.withRequestBody(from: file, framedBy: form) { body, size in
            request.body = body
            let sending = TimeAmount(settings.requestTimeout) + .seconds(size / Self.minimumUploadBytesPerSecond)
            return try await execute(request, endpoint: endpoint, answerBy: .now() + sending, download: download)
        }
    }

    private func execute(_ request: HTTPClientRequest, endpoint: String, answerBy: NIODeadline, download: URL?) async throws -> APIResponse
    {
        let response = try await http.execute(request, deadline: answerBy)
        let status = Int(response.status.code)
        let succeeded = (200..<300).contains(status)
        if let download, succeeded {
            try await FileStreaming.write(response.body, to: download)
            return APIResponse(status: status, headers: response.headers, body: Data())
        }
        let limit = succeeded ? settings.maximumResponseBytes : Self.maximumErrorBytes
        do {
            var body = try await response.body.collect(upTo: limit)
            return APIResponse(status: status, headers: response.headers, body: body.readData(length: body.readableBytes) ?? Data())
        } catch is NIOTooManyBytesError {
            throw DatabricksError(
                .unreadableResponse, "\(endpoint) answered \(status) with a body over the \(limit) bytes the client reads.", status: status)
        }
    }

    private func gaveUp(_ request: APIRequest, attempts: Int, elapsed: Duration, last: Failure) -> DatabricksError {
        let summary =
            "\(request.endpoint) failed \(attempts) time\(attempts == 1 ? "" : "s") in \(elapsed.shortText), "
            + "and its retry deadline of \(settings.retryTimeout.shortText) does not allow another attempt; last "
        logger.debug("\(request.endpoint): giving up after \(attempts) attempts")
        switch last {
        case .answer(let error): return DatabricksError(error.code, summary + "answer: \(last)", status: error.status)
        case .connection: return DatabricksError(.connectionFailed, summary + "error: \(last) (\(baseURL))", status: 0)
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        self = .nanoseconds(Int64(max(0, duration.seconds) * 1e9))
    }
}
