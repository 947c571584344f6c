import Foundation

/// The base URL of a workspace, written as the SDKs accept it.
enum WorkspaceHost {
    /// `scheme://host[:port]`: `https://` added when no scheme is given, the path (a trailing `/`
    /// among it) and the default port `:443` dropped (SDK-py `_fix_host_if_needed`). Nil when
    /// `text` names no host or uses another scheme than http or https.
    static func normalized(_ text: String) -> String? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if !text.contains("://") { text = "https://" + text }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", var host = components.host, !host.isEmpty
        else { return nil }
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        var url = "\(scheme)://\(host.lowercased())"
        if let port = components.port, !(scheme == "https" && port == 443) { url += ":\(port)" }
        return url
    }
}

extension WorkspaceHost {
    /// The host name of a normalized URL, without scheme, port or brackets.
    static func hostName(of url: String) -> String {
        URLComponents(string: url)?.host?.lowercased() ?? ""
    }
}

extension String {
    /// `scheme://host[:port]` and the rest (path and query) of a URL; nil when it is none.
    var baseAndTarget: (base: String, target: String)? {
        guard let components = URLComponents(string: self), let scheme = components.scheme, let host = components.host, !host.isEmpty
        else { return nil }
        let target = components.percentEncodedPath + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        return ("\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")", target.isEmpty ? "/" : target)
    }
}
