import Foundation
import Hummingbird
import KilnAPI
import NIOCore

/// Records every request, before anything can refuse it (a fault, a missing token), with the
/// status it was answered.
struct RequestRecordingMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    let recorder: RequestRecorder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let arrival = Date()
        let contentType = request.headers[.contentType]
        var bodyShape: RequestShape.Body?
        var response: Response
        do {
            // A large multipart upload (a DBFS put of up to 2 GB) is not read for its keys: it
            // would be held in memory whole.
            let length = request.headers[.contentLength].flatMap { Int($0) } ?? 0
            let largeUpload = isMultipart(contentType) && length > ServerLimits.maxJSONBytes
            if let contentType, RequestShape.hasKeys(contentType: contentType), !largeUpload {
                // Kept in the request, which the route then reads as if it came from the network.
                let body = try await request.collectBody(upTo: ServerLimits.maxJSONBytes)
                bodyShape = RequestShape.body(Data(buffer: body), contentType: contentType)
            }
            response = try await next(request, context)
        } catch is NIOTooManyBytesError {
            response = APIMiddleware.errorResponse(
                DatabricksError(.requestTooLarge, "The request body is over the \(ServerLimits.maxJSONBytes / (1024 * 1024)) MB limit."),
                head: request.method == .head)
        }
        let headers = RequestShape.headers(request.headers)
        let record = RecordedRequest(
            time: arrival.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)),
            method: request.method.rawValue, path: request.uri.path,
            query: RequestShape.maskedQuery(request.uri.queryParameters.map { (String($0.key), String($0.value)) }),
            contentType: contentType, bodyKeys: bodyShape?.keys, bodyTypes: bodyShape?.types, headers: headers.recorded,
            credentialHeaders: headers.credentials,
            status: Int(response.status.code))
        do {
            try recorder.record(record)
        } catch {
            context.logger.error("Cannot record \(request.method) \(request.uri.path) in \(recorder.file.path): \(error)")
        }
        return response
    }
}
