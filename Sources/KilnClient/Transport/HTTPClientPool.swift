import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore

/// The HTTP clients of one `DatabricksClient`: AsyncHTTPClient sets its proxy per client, so
/// there is one client per proxy decision (direct, or through a given proxy), made on first
/// use and shared by every host that decision applies to. All are shut down together.
final class HTTPClientPool: Sendable {
    private let settings: ClientSettings
    private let clients = NIOLockedValueBox<[ProxyServer?: HTTPClient]>([:])

    init(settings: ClientSettings) {
        self.settings = settings
    }

    func client(proxy: ProxyServer?) -> HTTPClient {
        clients.withLockedValue { clients in
            if let client = clients[proxy] { return client }
            var pool = HTTPClient.Configuration.ConnectionPool()
            // The transport decides about retries: a refused connection must reach it, not be retried here.
            pool.retryConnectionEstablishment = false
            pool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
            var configuration = HTTPClient.Configuration(
                // A redirect could carry the token to another host: Databricks answers in place.
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(10), read: TimeAmount(settings.requestTimeout)),
                connectionPool: pool)
            configuration.proxy = proxy?.configuration
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[proxy] = client
            return client
        }
    }

    func shutdown() async throws {
        let all = clients.withLockedValue { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in all { try await client.shutdown() }
    }
}
