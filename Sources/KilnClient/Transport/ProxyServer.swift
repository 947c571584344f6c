import AsyncHTTPClient
import Foundation

/// A forward proxy (HTTP `CONNECT` for https, absolute-form requests for http).
struct ProxyServer: Sendable, Hashable, CustomStringConvertible {
    var host: String
    var port: Int
    var username: String?
    var password: Secret?
    /// The variable it came from, for messages.
    var variable: String

    /// `[http://][user:password@]host[:port][/]`, as Go parses it (no scheme means http, port 80 by default).
    init(_ text: String, variable: String) throws(ClientConfigurationError) {
        let written = text.contains("://") ? text : "http://" + text
        // The value may hold a password: errors name the variable, never the value.
        guard let components = URLComponents(string: written), let host = components.host, !host.isEmpty else {
            throw ClientConfigurationError(.invalidValue, "\(variable) is not a proxy URL; write it like http://proxy.example.com:3128")
        }
        guard components.scheme?.lowercased() == "http" else {
            throw ClientConfigurationError(
                .invalidValue, "\(variable) names a \(components.scheme ?? "") proxy; Kiln speaks to proxies over http:// only")
        }
        self.host = host
        self.port = components.port ?? 80
        self.username = components.percentEncodedUser?.removingPercentEncoding
        self.password = components.percentEncodedPassword?.removingPercentEncoding.map(Secret.init)
        self.variable = variable
    }

    /// The proxy as AsyncHTTPClient configures it, its credentials as `Proxy-Authorization: Basic`.
    var configuration: HTTPClient.Configuration.Proxy {
        .server(
            host: host, port: port,
            authorization: username.map { .basic(username: $0, password: password?.value ?? "") })
    }

    var description: String { "\(host):\(port) (\(variable)\(username == nil ? "" : ", with credentials"))" }
}
