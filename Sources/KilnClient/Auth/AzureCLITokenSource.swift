import Foundation
import KilnAPI
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// `azure-cli`: the token of the account the Azure CLI is signed in with, from
/// `az account get-access-token --resource <resource> --output json [--tenant <tenant>]`, as
/// SDK-go's `azureCliTokenSource` runs it: the tenant is passed unless `az account show` says the
/// CLI is signed in as a managed identity, which must not name one.
///
/// An `AzureCLI@2` task leaves such a login on the agent (a service connection, workload
/// identity federation included). Errors quote the first line of what `az` wrote on stderr, with
/// anything shaped like a token taken out; never its standard output, which holds the token.
struct AzureCLITokenSource: TokenSource {
    let command: AzureCLICommand
    let resource: String

    func fetchToken(requestedAt: Date) async throws -> IssuedToken {
        var arguments = ["account", "get-access-token", "--resource", resource, "--output", "json"]
        if let tenant = command.tenantId, !(try await isManagedIdentity()) { arguments += ["--tenant", tenant] }
        let output = try await run(arguments)
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(output.utf8)), !answer.accessToken.isEmpty,
            let expiresAt = answer.expiry
        else {
            throw DatabricksError(
                .unreadableResponse, "`az account get-access-token` printed no accessToken with an expiresOn that Kiln can read", status: 0)
        }
        return IssuedToken(token: Secret(answer.accessToken), requestedAt: requestedAt, expiresAt: expiresAt)
    }

    /// What `az account get-access-token` prints: `expires_on` (seconds since 1970, az 2.54 and
    /// later) or only `expiresOn`, a local time without zone.
    private struct Answer: Decodable {
        var accessToken: String
        var expiresOn: String?
        var expiresOnSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case accessToken, expiresOn
            case expiresOnSeconds = "expires_on"
        }

        var expiry: Date? {
            if let expiresOnSeconds { return Date(timeIntervalSince1970: expiresOnSeconds) }
            guard let expiresOn else { return nil }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = .current
            let text = String(expiresOn.split(separator: ".")[0])
            for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"] {
                formatter.dateFormat = format
                if let date = formatter.date(from: text) { return date }
            }
            return nil
        }
    }

    /// Whether the CLI is signed in as a VM's managed identity (`az account show`).
    private func isManagedIdentity() async throws -> Bool {
        struct Account: Decodable {
            struct User: Decodable {
                var name: String?
                var type: String?
            }
            var user: User?
        }
        let account = try? JSONDecoder().decode(Account.self, from: Data(try await run(["account", "show", "--output", "json"]).utf8))
        return account?.user?.type == "servicePrincipal"
            && ["systemAssignedIdentity", "userAssignedIdentity"].contains(account?.user?.name ?? "")
    }

    /// Runs `az`; its standard output, or an error naming the command and quoting its stderr.
    private func run(_ arguments: [String]) async throws -> String {
        let shown = "az \(arguments.prefix(2).joined(separator: " "))"
        let environment = command.environment.variables.compactMap { name, value in Environment.Key(rawValue: name).map { ($0, value) } }
        let outcome: (status: TerminationStatus, output: String, error: String)
        do {
            let result = try await Subprocess.run(
                .path(FilePath(command.executable)), arguments: Arguments(arguments),
                environment: .custom(Dictionary(environment, uniquingKeysWith: { first, _ in first })),
                output: .string(limit: 1 << 20), error: .string(limit: 1 << 16))
            outcome = (result.terminationStatus, result.standardOutput, result.standardError)
        } catch {
            throw DatabricksError(
                .unauthenticated, "cannot run the Azure CLI at \(command.executable) (\(shown)): install it or set another auth_type",
                status: 0)
        }
        guard outcome.status.isSuccess else {
            let line = outcome.error.split(whereSeparator: \.isNewline).first.map(String.init) ?? "no message"
            throw DatabricksError(
                .unauthenticated,
                "`\(shown)` failed (\(outcome.status)): \(Self.withoutTokens(line)); sign in with `az login` or run Kiln in an AzureCLI@2 task",
                status: 0)
        }
        return outcome.output
    }

    /// The line with every word that looks like a JWT (`eyJ…`) replaced.
    static func withoutTokens(_ line: String) -> String {
        line.replacingOccurrences(of: #"eyJ[A-Za-z0-9_\-.]+"#, with: "<redacted>", options: .regularExpression)
    }
}
