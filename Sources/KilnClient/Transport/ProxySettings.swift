import Foundation

/// The proxies of the environment, decided per URL as Go's `http.ProxyFromEnvironment` (SDK-go)
/// decides: `HTTPS_PROXY` (else `https_proxy`) for https URLs, `HTTP_PROXY` (else `http_proxy`)
/// for http ones, none for a host `NO_PROXY` (else `no_proxy`) lists, and never one for
/// `localhost` or a loopback address — a loopback service is this machine's, whatever the proxy.
///
/// A proxy URL may carry `user:password@`: they are sent as `Proxy-Authorization` and never
/// shown — the description names the variable and the proxy's host and port only.
public struct ProxySettings: Sendable, Equatable, CustomStringConvertible {
    var httpsProxy: ProxyServer?
    var httpProxy: ProxyServer?
    var noProxy: NoProxyList

    /// No proxy at all.
    public init() {
        noProxy = NoProxyList("")
    }

    init(environment: [String: String]) throws(ClientConfigurationError) {
        func first(_ names: String...) -> (name: String, value: String)? {
            for name in names {
                if let value = environment[name], !value.isEmpty { return (name, value) }
            }
            return nil
        }
        httpsProxy = try first("HTTPS_PROXY", "https_proxy").map { entry throws(ClientConfigurationError) in
            try ProxyServer(entry.value, variable: entry.name)
        }
        httpProxy = try first("HTTP_PROXY", "http_proxy").map { entry throws(ClientConfigurationError) in
            try ProxyServer(entry.value, variable: entry.name)
        }
        noProxy = NoProxyList(first("NO_PROXY", "no_proxy")?.value ?? "")
    }

    var isEmpty: Bool { httpsProxy == nil && httpProxy == nil }

    /// The proxy for calls to `url` (`scheme://host[:port]…`), or nil to connect directly.
    func proxy(for url: String) -> ProxyServer? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased()
        else { return nil }
        guard let server = scheme == "https" ? httpsProxy : httpProxy else { return nil }
        let name = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        if NoProxyList.isLoopback(name) || noProxy.excludes(host: name, port: port) { return nil }
        return server
    }

    public var description: String {
        let proxies = [httpsProxy, httpProxy].compactMap { $0?.description }
        return proxies.isEmpty
            ? "no proxy" : "proxy \(proxies.joined(separator: " and "))\(noProxy.isEmpty ? "" : " except NO_PROXY hosts")"
    }
}
