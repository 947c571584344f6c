import AsyncHTTPClient
import Foundation
import KilnAPI
import NIOCore
import NIOHTTP1

/// Plain HTTP calls with a bearer token, for tests that talk to a server process.
struct HTTPTestClient: Sendable {
    let client: HTTPClient
    let baseURL: String
    let token: String
    /// The deadline of one request; the client retries a refused connection until then.
    var timeout: TimeAmount = .seconds(30)

    struct Answer: Sendable {
        var status: Int
        var body: Data
    }

    func call(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: timeout)
        var body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return Answer(status: Int(response.status.code), body: body.readData(length: body.readableBytes) ?? Data())
    }

    func decode<T: Decodable>(_ type: T.Type, _ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> T {
        let answer = try await call(method, path, json: json)
        guard answer.status == 200 else {
            throw UnexpectedStatus(status: answer.status, body: String(decoding: answer.body, as: UTF8.self))
        }
        return try WireCoding.decode(type, from: answer.body)
    }

    struct UnexpectedStatus: Error, CustomStringConvertible {
        var status: Int
        var body: String
        var description: String { "HTTP \(status): \(body)" }
    }
}
