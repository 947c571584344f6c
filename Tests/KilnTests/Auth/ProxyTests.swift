import Foundation
import KilnAPI
import Testing

@testable import KilnClient

/// `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` decided per host as Go's `ProxyFromEnvironment`
/// decides, and calls made through a real forward proxy on loopback with credentials that never
/// show in a log line, an error or a description.
@Suite("Auth: proxies", .timeLimit(.minutes(1)))
struct ProxyTests {
    static let password = "proxy-pass-\(UUID().uuidString)"

    func proxy(_ environment: [String: String], _ url: String) throws -> String? {
        try ProxySettings(environment: environment).proxy(for: url).map { "\($0.host):\($0.port)" }
    }

    @Test func theProxyFollowsTheSchemeAndTheUppercaseVariableWins() throws {
        let environment = ["HTTPS_PROXY": "secure:3128", "https_proxy": "lower:1", "http_proxy": "http://plain"]
        #expect(try proxy(environment, "https://adb-1.azuredatabricks.net") == "secure:3128")
        #expect(try proxy(environment, "http://adb-1.azuredatabricks.net") == "plain:80")
        #expect(try proxy(["https_proxy": "lower:1"], "https://a.example.com") == "lower:1")
        #expect(try proxy(["HTTP_PROXY": "plain:1"], "https://a.example.com") == nil)
    }

    @Test(arguments: [
        ("*", "https://adb-1.azuredatabricks.net", false),
        ("azuredatabricks.net", "https://adb-1.azuredatabricks.net", false),
        ("azuredatabricks.net", "https://azuredatabricks.net", false),
        (".azuredatabricks.net", "https://azuredatabricks.net", true),
        ("*.azuredatabricks.net", "https://adb-1.azuredatabricks.net", false),
        ("databricks.net", "https://adb-1.azuredatabricks.net", true),
        ("adb-1.azuredatabricks.net:443", "https://adb-1.azuredatabricks.net", false),
        ("adb-1.azuredatabricks.net:8443", "https://adb-1.azuredatabricks.net", true),
        ("10.0.0.0/8", "https://10.1.2.3", false),
        ("10.0.0.0/8", "https://11.1.2.3", true),
        ("192.168.1.5", "https://192.168.1.5:8443", false),
        ("192.168.1.5:80", "https://192.168.1.5", true),
        (" login.microsoftonline.com , other.example.com", "https://LOGIN.microsoftonline.com", false),
        ("", "http://127.0.0.1:8080", false),
        ("", "http://localhost:8080", false),
        ("", "http://[::1]:8080", false),
        ("", "http://169.254.169.254", true),
    ])
    func noProxyMatchesAsGoDoes(noProxy: String, url: String, proxied: Bool) throws {
        let environment = ["HTTPS_PROXY": "proxy:3128", "HTTP_PROXY": "proxy:3128", "NO_PROXY": noProxy]
        #expect((try proxy(environment, url) != nil) == proxied)
    }

    @Test func aProxyURLErrorNamesTheVariableButNotItsValue() {
        for (value, expected) in [
            ("https://user:SECRET@proxy:3128", "HTTPS_PROXY names a https proxy; Kiln speaks to proxies over http:// only"),
            ("http://user:SECRET@", "HTTPS_PROXY is not a proxy URL; write it like http://proxy.example.com:3128"),
        ] {
            #expect(throws: ClientConfigurationError(.invalidValue, expected)) { try ProxySettings(environment: ["HTTPS_PROXY": value]) }
        }
    }

    /// The workspace is `kiln-workspace.test`, a name that resolves nowhere: only the proxy,
    /// which connects to 127.0.0.1 whatever it is asked, can reach it.
    @Test func callsGoThroughTheProxyWithItsCredentialsNeverShown() async throws {
        let proxy = try await ForwardProxy(username: "kiln", password: Self.password)
        defer { proxy.stop() }
        try await ServerFixture.run { api in
            let host = "http://kiln-workspace.test:\(api.port)"
            let log = LogCapture()
            let environment = ["DATABRICKS_TOKEN": api.token, "HTTP_PROXY": "http://kiln:\(Self.password)@127.0.0.1:\(proxy.port)"]
            let configuration = try AuthFixture.configuration(environment, host: host)
            #expect(configuration.description.contains("proxy 127.0.0.1:\(proxy.port) (HTTP_PROXY, with credentials)"))
            try await AuthFixture.withClient(configuration, logger: log.logger()) { client in
                try await client.databricks.workspace.mkdirs("/Shared/proxied")
                _ = try await client.databricks.workspace.list("/Shared")
            }
            // AsyncHTTPClient tunnels through the proxy for http URLs too: one CONNECT per connection.
            #expect(!proxy.requests.isEmpty && proxy.requests.allSatisfy { $0 == "CONNECT kiln-workspace.test:\(api.port) authorized" })
            let texts = log.lines + [String(describing: configuration), String(reflecting: configuration)]
            #expect(texts.count > 2 && !texts.contains { $0.contains(Self.password) })

            // Wrong credentials: the proxy refuses, and the error does not show them either.
            let wrong = try AuthFixture.configuration(
                environment.merging(["HTTP_PROXY": "http://kiln:wrong-\(Self.password)@127.0.0.1:\(proxy.port)"]) { $1 }, host: host)
            do {
                try await AuthFixture.withClient(wrong) { client in _ = try await client.databricks.workspace.list("/") }
                Issue.record("the proxy let in wrong credentials")
            } catch {
                #expect(!String(describing: error).contains(Self.password))
                #expect(String(describing: error).contains("the proxy refused Kiln's credentials (407"), "\(error)")
                #expect((error as? DatabricksError)?.status == 407)
            }
            #expect(proxy.requests.last == "CONNECT kiln-workspace.test:\(api.port) refused")
        }
    }

    @Test func noProxyHostsAreReachedDirectly() async throws {
        let proxy = try await ForwardProxy(username: "kiln", password: Self.password)
        defer { proxy.stop() }
        try await ServerFixture.run { api in
            let proxyURL = "http://kiln:\(Self.password)@127.0.0.1:\(proxy.port)"
            // Listed in NO_PROXY, the unresolvable host is tried directly, and fails to resolve.
            let bypassing = try AuthFixture.configuration(
                ["DATABRICKS_TOKEN": api.token, "HTTP_PROXY": proxyURL, "NO_PROXY": "example.com,kiln-workspace.test"],
                host: "http://kiln-workspace.test:\(api.port)", settings: .forTests(retryTimeout: .milliseconds(300)))
            await #expect(throws: DatabricksError.self) {
                try await AuthFixture.withClient(bypassing) { client in _ = try await client.databricks.workspace.list("/") }
            }
            // Loopback is never proxied: kiln serve on 127.0.0.1 is reached with the proxy set and no NO_PROXY.
            let loopback = try AuthFixture.configuration(["DATABRICKS_TOKEN": api.token, "HTTP_PROXY": proxyURL], host: api.baseURL)
            try await AuthFixture.withClient(loopback) { client in _ = try await client.databricks.workspace.list("/") }
            #expect(proxy.requests.isEmpty)
        }
    }
}
