import Foundation
import KilnClient
import Testing

/// Configuration resolved as the Databricks SDKs resolve it: explicit options, then the
/// environment, then a profile of `~/.databrickscfg` (reference §5).
@Suite("Client: configuration and profiles")
struct ProfileResolutionTests {
    /// A home folder of the test's own, with an optional config file in it.
    struct Home {
        let folder = TemporaryFolder("kiln-home")
        var configPath: String { folder.path(".databrickscfg").path }

        init(_ config: String? = nil) throws {
            if let config { try folder.write(".databrickscfg", config) }
        }

        func resolve(_ options: ConnectionOptions = ConnectionOptions(), _ environment: [String: String] = [:]) throws
            -> WorkspaceConfiguration
        {
            try WorkspaceConfiguration.resolve(options, environment: environment, homeDirectory: folder.url)
        }

        /// The error resolution throws; fails the test when it succeeds.
        func error(
            _ options: ConnectionOptions = ConnectionOptions(), _ environment: [String: String] = [:],
            sourceLocation: SourceLocation = #_sourceLocation
        ) -> ClientConfigurationError? {
            do {
                let configuration = try resolve(options, environment)
                Issue.record("resolution succeeded: \(configuration)", sourceLocation: sourceLocation)
            } catch let error as ClientConfigurationError {
                return error
            } catch {
                Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            }
            return nil
        }
    }

    static let config = """
        # Kiln's test profiles
        [DEFAULT]
        host  = https://default.cloud.databricks.com
        token = dapi-default

        [ci]
        host = https://ci.cloud.databricks.com
        token = dapi-ci
        cluster_id = 0123-456789-abcdefgh

        [m2m]
        host: m2m.cloud.databricks.com
        client_id = "ci-principal"
        client_secret = 'shh'
        """

    @Test func explicitOptionsWinOverEverything() throws {
        let home = try Home(Self.config)
        let configuration = try home.resolve(
            ConnectionOptions(host: "https://flag.cloud.databricks.com", token: Secret("dapi-flag"), profile: "ci"),
            ["DATABRICKS_HOST": "https://env.cloud.databricks.com", "DATABRICKS_TOKEN": "dapi-env"])
        #expect(configuration.host == "https://flag.cloud.databricks.com")
        #expect(configuration.credentials == .personalAccessToken(Secret("dapi-flag")))
        // The profile still fills what the options and the environment leave open.
        #expect(configuration.clusterId == "0123-456789-abcdefgh")
        #expect(
            configuration.origin
                == "host from the explicit options, token from the explicit options, cluster_id from profile [ci] in \(home.configPath)")
    }

    @Test func theEnvironmentBeatsTheFileWhichIsThenNotRead() throws {
        let home = try Home("this line is not INI and would fail if the file were read")
        let configuration = try home.resolve(
            ConnectionOptions(), ["DATABRICKS_HOST": "env.cloud.databricks.com", "DATABRICKS_TOKEN": "dapi-env"])
        #expect(configuration.host == "https://env.cloud.databricks.com")
        #expect(configuration.credentials == .personalAccessToken(Secret("dapi-env")))
        #expect(configuration.origin == "host from DATABRICKS_HOST, token from DATABRICKS_TOKEN")
    }

    @Test func aProfileIsChosenByOptionThenEnvironmentThenSettingsThenDefault() throws {
        let withSettings = Self.config + "\n[__settings__]\ndefault_profile = m2m\n"
        #expect(
            try Home(withSettings).resolve(ConnectionOptions(profile: "ci"), ["DATABRICKS_CONFIG_PROFILE": "m2m"]).host
                == "https://ci.cloud.databricks.com")
        #expect(
            try Home(withSettings).resolve(ConnectionOptions(), ["DATABRICKS_CONFIG_PROFILE": "ci"]).host
                == "https://ci.cloud.databricks.com")
        #expect(try Home(withSettings).resolve().host == "https://m2m.cloud.databricks.com")
        #expect(try Home(Self.config).resolve().host == "https://default.cloud.databricks.com")
    }

    @Test func aNamedProfileIsReadEvenWhenTheEnvironmentSetsAHost() throws {
        let configuration = try Home(Self.config).resolve(
            ConnectionOptions(profile: "ci"), ["DATABRICKS_HOST": "https://env.cloud.databricks.com"])
        #expect(configuration.host == "https://env.cloud.databricks.com")
        #expect(configuration.credentials == .personalAccessToken(Secret("dapi-ci")))
    }

    @Test func oauthClientCredentialsFromAProfile() throws {
        let configuration = try Home(Self.config).resolve(ConnectionOptions(profile: "m2m"))
        #expect(configuration.credentials == .oauthMachineToMachine(clientId: "ci-principal", clientSecret: Secret("shh")))
        #expect(configuration.credentials.authType == "oauth-m2m")
    }

    @Test func theConfigFileCanBeNamedWithATilde() throws {
        let home = try Home()
        try home.folder.write("conf/other.cfg", "[DEFAULT]\nhost = other.cloud.databricks.com\ntoken = dapi-other\n")
        let configuration = try home.resolve(ConnectionOptions(), ["DATABRICKS_CONFIG_FILE": "~/conf/other.cfg"])
        #expect(configuration.host == "https://other.cloud.databricks.com")
    }

    @Test func aMissingProfileIsAnError() throws {
        let home = try Home(Self.config)
        let error = home.error(ConnectionOptions(), ["DATABRICKS_CONFIG_PROFILE": "staging"])
        #expect(error?.kind == .profileNotFound)
        #expect(
            error?.description
                == "profile [staging] was asked for by DATABRICKS_CONFIG_PROFILE, but \(home.configPath) has no such profile; its profiles are [DEFAULT], [ci], [m2m]"
        )
        let noFile = try Home().error(ConnectionOptions(profile: "ci"))
        #expect(noFile?.kind == .profileNotFound)
        #expect(noFile?.description.hasPrefix("profile [ci] was asked for by --profile, but there is no config file at ") == true)
        let badSetting = try Home("[__settings__]\ndefault_profile = gone\n").error()
        #expect(badSetting?.kind == .profileNotFound)
        #expect(badSetting?.description.contains("asked for by [__settings__] default_profile") == true)
    }

    @Test func aMalformedFileNamesTheLineButNotItsText() throws {
        let home = try Home("[ci]\nhost = https://ci.cloud.databricks.com\n\ndapiSECRETVALUE\n")
        let error = home.error(ConnectionOptions(profile: "ci"))
        #expect(error?.kind == .malformedConfigFile(line: 4))
        #expect(error?.description == "\(home.configPath):4: expected `[profile]` or `key = value`")
        #expect(try Home("[ci\nhost = x\n").error()?.kind == .malformedConfigFile(line: 1))
        #expect(try Home("[ci]\n = value\n").error()?.kind == .malformedConfigFile(line: 2))
    }

    @Test(arguments: [
        ("adb-123.4.azuredatabricks.net", "https://adb-123.4.azuredatabricks.net"),
        ("adb-123.4.azuredatabricks.net/", "https://adb-123.4.azuredatabricks.net"),
        ("https://dbc-a1.cloud.databricks.com:443/", "https://dbc-a1.cloud.databricks.com"),
        ("HTTPS://DBC-A1.cloud.databricks.com/?o=123#job/1", "https://dbc-a1.cloud.databricks.com"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("https://host.example:8443", "https://host.example:8443"),
    ])
    func hostsAreNormalized(_ host: String, _ expected: String) throws {
        #expect(try Home().resolve(ConnectionOptions(host: host, token: Secret("dapi"))).host == expected)
    }

    @Test func missingValuesSayWhereToSetThem() throws {
        let home = try Home("[ci]\ncluster_id = 1\n")
        let noHost = home.error(ConnectionOptions(profile: "ci"))
        #expect(noHost?.kind == .missingHost)
        #expect(
            noHost?.description
                == "no host: set DATABRICKS_HOST, pass --host, or add host to profile [ci] in \(home.configPath) (read profile [ci] in \(home.configPath))"
        )
        let noToken = home.error(ConnectionOptions(profile: "ci"), ["DATABRICKS_HOST": "https://x.cloud.databricks.com"])
        #expect(noToken?.kind == .missingCredentials)
        #expect(
            noToken?.description.hasPrefix(
                "no credentials for https://x.cloud.databricks.com: set DATABRICKS_TOKEN (or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET), pass --token, or add token to profile [ci]"
            ) == true)
        let skipped = try Home(Self.config).error(ConnectionOptions(), ["DATABRICKS_HOST": "https://x.cloud.databricks.com"])
        #expect(skipped?.description.hasSuffix("was not read: host is set by DATABRICKS_HOST and no profile was named)") == true)
        let noSecret = try Home().error(ConnectionOptions(host: "x.cloud.databricks.com", clientId: "principal"))
        #expect(noSecret?.kind == .incompleteCredentials)
        #expect(noSecret?.description.hasPrefix("OAuth M2M needs client_secret as well as client_id (from the explicit options)") == true)
        #expect(try Home().error(ConnectionOptions(host: "ftp://x"), ["DATABRICKS_TOKEN": "dapi"])?.kind == .invalidHost)
    }

    @Test func twoAuthMethodsNeedAnAuthType() throws {
        let environment = [
            "DATABRICKS_HOST": "x.cloud.databricks.com", "DATABRICKS_TOKEN": "dapi-env", "DATABRICKS_CLIENT_ID": "principal",
            "DATABRICKS_CLIENT_SECRET": "shh",
        ]
        let error = try Home().error(ConnectionOptions(), environment)
        #expect(error?.kind == .conflictingCredentials)
        #expect(
            error?.description.hasPrefix(
                "more than one authorization method configured: pat (token from DATABRICKS_TOKEN) and oauth-m2m (client_id from DATABRICKS_CLIENT_ID)"
            ) == true)
        #expect(try Home().resolve(ConnectionOptions(authType: "oauth-m2m"), environment).credentials.authType == "oauth-m2m")
        #expect(
            try Home().resolve(ConnectionOptions(), environment.merging(["DATABRICKS_AUTH_TYPE": "pat"]) { $1 }).credentials.authType
                == "pat")
        #expect(try Home().error(ConnectionOptions(authType: "databricks-cli"), environment)?.kind == .unsupportedAuthType)
    }

    @Test func pacingAndTimeoutsComeFromTheSameSources() throws {
        let home = try Home(
            "[DEFAULT]\nhost = x.cloud.databricks.com\ntoken = t\nrate_limit = 4\nretry_timeout_seconds = 30\nhttp_timeout_seconds = 5\n")
        let settings = try home.resolve().settings
        #expect(settings.rateLimit == 4)
        #expect(settings.retryTimeout == .seconds(30))
        #expect(settings.requestTimeout == .seconds(5))
        #expect(try home.resolve(ConnectionOptions(), ["DATABRICKS_RATE_LIMIT": "7.5"]).settings.rateLimit == 7.5)
        #expect(try home.resolve(ConnectionOptions(rateLimit: 2)).settings.rateLimit == 2)
        #expect(try Home().resolve(ConnectionOptions(host: "x", token: Secret("t"))).settings == ClientSettings())
        let invalid = home.error(ConnectionOptions(), ["DATABRICKS_RATE_LIMIT": "fast"])
        #expect(invalid?.kind == .invalidValue)
        #expect(invalid?.description == "rate_limit 'fast' from DATABRICKS_RATE_LIMIT must be a positive number of requests per second")
    }

    @Test func noDescriptionShowsACredential() throws {
        let configuration = try Home(Self.config).resolve(ConnectionOptions(profile: "m2m"))
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [String(describing: configuration), String(reflecting: configuration), dumped, "\(Secret("shh"))"] {
            #expect(!text.contains("shh"), "\(text)")
        }
        let pat = try Home(Self.config).resolve(ConnectionOptions(profile: "ci"))
        var patDump = ""
        dump(pat, to: &patDump)
        #expect(!patDump.contains("dapi-ci") && !String(describing: pat).contains("dapi-ci"))
    }
}
