import Foundation
import KilnAPI

/// The engine's secret scopes, in one file of the state folder that only its owner can read
/// (mode 0600), in the drivers' parameter format (percent-encoded `key=value` lines), so both
/// `dbutils.secrets` shims read it with what they already have: `scope/key` →
/// `<milliseconds>:<value>`, and `scope/` → `` for a scope that exists. Scope and key names are
/// letters, digits, `-`, `_`, `.` and `@`, as on Databricks, so `/` cannot be part of one.
final class EngineSecrets: SecretsService, @unchecked Sendable {
    let file: URL
    private let lock = NSLock()

    init(file: URL) {
        self.file = file
    }

    func createScope(_ scope: String) async throws {
        try Self.checkName(scope, "scope")
        try update { entries in
            guard entries["\(scope)/"] == nil else { throw DatabricksError.alreadyExists("Scope \(scope) already exists!") }
            entries["\(scope)/"] = ""
        }
    }

    func listScopes() async throws -> [SecretScope] {
        try read().keys.filter { $0.hasSuffix("/") }.map { SecretScope(name: String($0.dropLast())) }.sorted { $0.name < $1.name }
    }

    func deleteScope(_ scope: String) async throws {
        try update { entries in
            guard entries["\(scope)/"] != nil else { throw DatabricksError.doesNotExist("Scope \(scope) does not exist!") }
            entries = entries.filter { !$0.key.hasPrefix("\(scope)/") }
        }
    }

    func put(scope: String, key: String, value: Data) async throws {
        try Self.checkName(key, "key")
        guard value.count <= 128 * 1024 else { throw DatabricksError.invalidParameter("A secret's value is limited to 128 KB.") }
        guard let text = String(data: value, encoding: .utf8) else {
            throw DatabricksError.invalidParameter("The embedded engine keeps secrets as UTF-8 text; this value is not.")
        }
        try update { entries in
            guard entries["\(scope)/"] != nil else { throw DatabricksError.doesNotExist("Scope \(scope) does not exist!") }
            entries["\(scope)/\(key)"] = "\(Int64(Date().timeIntervalSince1970 * 1000)):\(text)"
        }
    }

    func listSecrets(scope: String) async throws -> [SecretMetadata] {
        let entries = try read()
        guard entries["\(scope)/"] != nil else { throw DatabricksError.doesNotExist("Scope \(scope) does not exist!") }
        return entries.compactMap { name, value -> SecretMetadata? in
            guard name.hasPrefix("\(scope)/"), name != "\(scope)/" else { return nil }
            return SecretMetadata(key: String(name.dropFirst(scope.count + 1)), lastUpdatedTimestamp: Int64(value.prefix { $0 != ":" }))
        }.sorted { $0.key < $1.key }
    }

    func delete(scope: String, key: String) async throws {
        try update { entries in
            guard entries.removeValue(forKey: "\(scope)/\(key)") != nil else {
                throw DatabricksError.doesNotExist("Secret does not exist with scope: \(scope) and key: \(key)")
            }
        }
    }

    /// Every secret value, longest first: what a run's output is redacted of.
    func values() -> [String] {
        let entries = (try? read()) ?? [:]
        return entries.filter { !$0.key.hasSuffix("/") }.compactMap { $0.value.split(separator: ":", maxSplits: 1).last.map(String.init) }
            .filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    // MARK: - The file

    private func read() throws -> [String: String] {
        try lock.withLock { try unlockedRead() }
    }

    private func unlockedRead() throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [:] }
        return ProgramFolder.decode(String(decoding: data, as: UTF8.self))
    }

    private func update(_ change: (inout [String: String]) throws -> Void) throws {
        try lock.withLock {
            var entries = try unlockedRead()
            try change(&entries)
            let partial = file.appendingPathExtension("partial")
            guard
                FileManager.default.createFile(
                    atPath: partial.path, contents: Data(ProgramFolder.encode(entries).utf8), attributes: [.posixPermissions: 0o600]),
                rename(partial.path, file.path) == 0
            else {
                throw DatabricksError(
                    .internalError, "Cannot write the engine's secrets file \(file.path): \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func checkName(_ name: String, _ kind: String) throws {
        guard !name.isEmpty, name.count <= 128, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@".contains($0)) })
        else {
            throw DatabricksError.invalidParameter(
                "The \(kind) name `\(name)` is invalid: use up to 128 letters, digits, `-`, `_`, `.` and `@`.")
        }
    }
}

/// Replaces secret values in what a run shows (its log, exit value and error) with
/// `[REDACTED]`, as Databricks does in a notebook's output.
struct SecretRedaction: Sendable {
    let values: [String]

    func redact(_ text: String) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: $1, with: "[REDACTED]") }
    }

    /// Redacts a file in place (a run's log, once the run has ended).
    func redactFile(_ file: URL) {
        guard !values.isEmpty, let data = FileManager.default.contents(atPath: file.path) else { return }
        let text = String(decoding: data, as: UTF8.self)
        let redacted = redact(text)
        if redacted != text { try? Data(redacted.utf8).write(to: file, options: .atomic) }
    }
}
