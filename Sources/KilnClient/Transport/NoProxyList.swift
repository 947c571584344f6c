/// `NO_PROXY`: the hosts reached without the proxy, matched as Go's `httpproxy` matches them.
///
/// Entries are separated by commas: `*` (every host); an IPv4 address or CIDR block
/// (`10.0.0.0/8`); an IP address with a port; `example.com`, which matches it and its
/// subdomains; `.example.com` or `*.example.com`, which match its subdomains only; any of
/// these with `:port`, which then matches that port only. IPv6 blocks are not supported.
struct NoProxyList: Sendable, Equatable {
    private enum Entry: Sendable, Equatable {
        case everything
        case ipv4Block(network: UInt32, mask: UInt32)
        case address(String, port: Int?)
        case domain(suffix: String, includesItself: Bool, port: Int?)
    }

    private let entries: [Entry]

    init(_ text: String) {
        entries = text.split(separator: ",").compactMap { Self.entry($0.trimmingCharacters(in: .whitespaces).lowercased()) }
    }

    var isEmpty: Bool { entries.isEmpty }

    func excludes(host: String, port: Int) -> Bool {
        let ipv4 = Self.ipv4(host)
        return entries.contains { entry in
            switch entry {
            case .everything: true
            case .ipv4Block(let network, let mask): ipv4.map { $0 & mask == network } ?? false
            case .address(let address, let entryPort): address == host && (entryPort == nil || entryPort == port)
            case .domain(let suffix, let includesItself, let entryPort):
                (host.hasSuffix(suffix) || (includesItself && host == suffix.dropFirst())) && (entryPort == nil || entryPort == port)
            }
        }
    }

    /// `localhost` and the loopback addresses (`127.0.0.0/8`, `::1`), which Go never proxies.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || (ipv4(host).map { $0 >> 24 == 127 } ?? false)
    }

    private static func entry(_ text: String) -> Entry? {
        if text.isEmpty { return nil }
        if text == "*" { return .everything }
        if let slash = text.firstIndex(of: "/") {
            guard let network = ipv4(String(text[..<slash])), let bits = Int(text[text.index(after: slash)...]), (0...32).contains(bits)
            else { return nil }
            let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
            return .ipv4Block(network: network & mask, mask: mask)
        }
        var host = text
        var port: Int?
        if let colon = text.lastIndex(of: ":"), let number = Int(text[text.index(after: colon)...]),
            text.hasPrefix("[") || text.firstIndex(of: ":") == colon
        {
            host = String(text[..<colon])
            port = number
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { return nil }
        if ipv4(host) != nil || host.contains(":") { return .address(host, port: port) }
        if host.hasPrefix("*.") { host.removeFirst() }
        let includesItself = !host.hasPrefix(".")
        return .domain(suffix: includesItself ? "." + host : host, includesItself: includesItself, port: port)
    }

    /// A dotted-quad IPv4 address as a number; nil for anything else.
    private static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
