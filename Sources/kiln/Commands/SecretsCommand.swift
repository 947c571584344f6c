import ArgumentParser
import Foundation
import KilnAPI
import KilnPipeline

/// `kiln secrets …`: the secret scopes notebooks read with `dbutils.secrets.get`.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Put and list the secrets notebooks read with dbutils.secrets.get, on the engine or a workspace.",
        discussion: "Example: printf '%s' \"$API_KEY\" | kiln secrets put ci api-key",
        subcommands: [SecretsPutCommand.self, SecretsListCommand.self]
    )
}

extension TargetOptions {
    /// The target of kiln.yml; without a kiln.yml, the embedded engine (its state from --state,
    /// KILN_STATE or .kiln/engine), so secrets can be put before a repository is set up.
    func targetOrLocalEngine() throws -> Target {
        do {
            return try load().1
        } catch let error as ConfigError {
            guard case .noConfigFile = error.problem, target == nil || target == Target.localName else { throw error }
            return Target(name: Target.localName, kind: .local(state: URL(fileURLWithPath: ".kiln/engine")))
        }
    }
}

/// `kiln secrets put SCOPE KEY`: the value from stdin, never from the command line.
struct SecretsPutCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Put a secret, its value read from stdin (a trailing newline dropped); the scope is created when missing.",
        discussion: """
            The value never appears on the command line, in the output or in a notebook's output \
            (where it shows as [REDACTED]).

            Example: printf '%s' "$API_KEY" | kiln secrets put ci api-key
            """
    )

    @Argument(help: "The secret scope.") var scope: String
    @Argument(help: "The secret's key in the scope.") var key: String
    @OptionGroup var options: TargetOptions

    func execute() async throws -> ExitStatus {
        var value = FileHandle.standardInput.readDataToEndOfFile()
        if value.last == UInt8(ascii: "\n") { value.removeLast() }
        guard !value.isEmpty else {
            throw ValidationError("no value on stdin: pipe it in, e.g. printf '%s' \"$VALUE\" | kiln secrets put \(scope) \(key)")
        }
        let connection = try await options.connect(try options.targetOrLocalEngine(), environment: ProcessInfo.processInfo.environment)
        let secrets = connection.databricks.secrets
        if try await !secrets.listScopes().contains(where: { $0.name == scope }) {
            try await secrets.createScope(scope)
            Console.out("created the scope \(scope)")
        }
        try await secrets.put(scope: scope, key: key, value: value)
        Console.out(
            "put \(key) in the scope \(scope) (\(value.count) bytes); notebooks read it with dbutils.secrets.get(\"\(scope)\", \"\(key)\")")
        try? await connection.close()
        return .passed
    }
}

/// `kiln secrets list SCOPE`: the keys and when each was set; never a value.
struct SecretsListCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a scope's keys and when each was set; never a value.",
        discussion: "Example: kiln secrets list ci")

    @Argument(help: "The secret scope.") var scope: String
    @OptionGroup var options: TargetOptions

    func execute() async throws -> ExitStatus {
        let connection = try await options.connect(try options.targetOrLocalEngine(), environment: ProcessInfo.processInfo.environment)
        for secret in try await connection.databricks.secrets.listSecrets(scope: scope) {
            let when = secret.lastUpdatedTimestamp.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) } ?? "?"
            Console.out("\(secret.key)\t\(when)")
        }
        try? await connection.close()
        return .passed
    }
}
