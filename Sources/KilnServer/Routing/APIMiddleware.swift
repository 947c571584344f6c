import Foundation
import Hummingbird
import KilnAPI
import Logging
import NIOCore

/// What every request goes through before its route: injected faults, the bearer token, the
/// endpoint's rate limit, and the translation of any error into Databricks'
/// `{"error_code": …, "message": …}` body and status.
struct APIMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    let tokens: TokenVerifier
    let faults: FaultInjector
    let limits: RateLimitGate

    /// Paths that need no token: the run page (a static shell that asks for the token itself),
    /// the discovery documents and the OAuth token endpoint (it checks the client's own credentials).
    static let publicPaths: Set<String> = [
        "/", "/oidc/v1/token", "/.well-known/databricks-config", "/oidc/.well-known/oauth-authorization-server",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let requestPlan = request.headers.first { $0.name.canonicalName == FaultInjector.header.lowercased() }?.value
            let fault = try faults.fault(path: request.uri.path, requestPlan: requestPlan)
            if let fault, fault != .lost, let response = try await apply(fault, context: context) { return response }
            if !Self.publicPaths.contains(request.uri.path) {
                try tokens.verify(authorization: request.headers[.authorization])
            }
            do {
                try limits.admit(path: request.uri.path)
            } catch {
                var response = Self.errorResponse(error.error)
                response.headers[.retryAfter] = String(error.retryAfterSeconds)
                return response
            }
            try Self.refuseOversized(request)
            let response = try await next(request, context)
            if fault == .lost {
                // Served; the answer goes away with the connection, as when a load balancer drops it.
                try? await context.channel.close()
                throw CancellationError()
            }
            return response
        } catch {
            return Self.errorResponse(for: error, request: request, logger: context.logger)
        }
    }

    /// Refuses a body whose declared length is past its endpoint's limit before a byte of it is
    /// read: a client that announces a gigabyte and sends it slowly (or never) gets its answer now.
    static func refuseOversized(_ request: Request) throws {
        guard let declared = request.headers[.contentLength].flatMap({ Int64($0) }) else { return }
        let limit =
            if request.uri.path.hasPrefix("/api/2.0/fs/files/") {
                ServerLimits.maxFileBytes
            } else if request.uri.path == "/api/2.0/dbfs/put", isMultipart(request.headers[.contentType]) {
                ServerLimits.maxDBFSPutBytes
            } else {
                Int64(ServerLimits.maxJSONBytes)
            }
        guard declared <= limit else {
            throw DatabricksError(
                .requestTooLarge, "The request body is \(declared) bytes; this endpoint takes at most \(limit) bytes.", status: 413)
        }
    }

    /// The response a fault makes, or nil when the request goes on (after a delay).
    private func apply(_ fault: FaultPlan.Fault, context: Context) async throws -> Response? {
        switch fault {
        case .tooManyRequests(let seconds):
            var response = Self.errorResponse(DatabricksError(.requestLimitExceeded, "Too many requests: injected fault.", status: 429))
            response.headers[.retryAfter] = String(seconds)
            return response
        case .errorStatus(let status):
            return Self.faultResponse(status: status)
        case .reset:
            // The connection goes away without an answer, as when a load balancer drops it.
            try? await context.channel.close()
            throw CancellationError()
        case .delay(let duration):
            try await Task.sleep(for: duration)
            return nil
        case .lost:
            return nil
        }
    }

    /// An injected error as Databricks' own services answer it (403, 500, 503: JSON), or as the
    /// gateway in front of them does (502, 504: an HTML page), so clients meet both forms.
    static func faultResponse(status: Int) -> Response {
        switch status {
        case 502, 504:
            let reason = status == 502 ? "Bad Gateway" : "Gateway Timeout"
            let page =
                "<html><head><title>\(status) \(reason)</title></head><body><h1>\(status) \(reason)</h1>"
                + "<p>injected fault</p></body></html>"
            return Response(
                status: HTTPResponse.Status(code: status), headers: [.contentType: "text/html"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
        case 403:
            return errorResponse(DatabricksError(.permissionDenied, "No operations allowed on this path: injected fault.", status: 403))
        case 500:
            return errorResponse(DatabricksError(.internalError, "Internal error: injected fault.", status: 500))
        default:
            return errorResponse(
                DatabricksError(.temporarilyUnavailable, "The service is temporarily unavailable: injected fault.", status: 503))
        }
    }

    static func errorResponse(for error: any Error, request: Request, logger: Logger) -> Response {
        switch error {
        case let error as DatabricksError:
            return errorResponse(error, head: request.method == .head)
        case let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed:
            return errorResponse(
                DatabricksError(.endpointNotFound, "No API found for '\(request.method) \(request.uri.path)'", status: 404))
        case let error as FaultPlanError:
            return errorResponse(DatabricksError(.invalidParameterValue, error.description))
        case let error as HTTPError:
            return errorResponse(DatabricksError(.badRequest, error.body ?? error.status.reasonPhrase, status: Int(error.status.code)))
        default:
            logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            return errorResponse(DatabricksError(.internalError, "The embedded engine failed: \(error)", status: 500))
        }
    }

    static func errorResponse(_ error: DatabricksError, head: Bool = false) -> Response {
        let body = (try? WireCoding.encode(ErrorBody(errorCode: error.code.rawValue, message: error.message))) ?? Data()
        return Response(
            status: HTTPResponse.Status(code: error.status),
            headers: [.contentType: "application/json"],
            body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
