import Foundation
import Testing

@testable import KilnPipeline

/// The README's `kiln.yml` reference names every key the loader accepts, and no key it refuses.
@Suite("kiln.yml: the README's reference")
struct ConfigReferenceTests {
    /// Every key the loader accepts, as the reference writes it (`job.timeout`).
    static let acceptedKeys: Set<String> = {
        var keys = Set(KilnConfig.keys.filter { !["changes", "job", "results", "retention", "targets"].contains($0) })
        keys.formUnion(ChangeRules.keys.map { "changes.\($0)" })
        keys.formUnion(JobConfig.keys.map { "job.\($0)" })
        keys.formUnion(ResultsConfig.keys.map { "results.\($0)" })
        keys.formUnion(RetentionPolicy.keys.map { "retention.\($0)" })
        keys.formUnion(Target.localKeys.map { "targets.local.\($0)" })
        keys.formUnion(Target.workspaceKeys.map { "targets.<name>.\($0)" })
        return keys
    }()

    /// The first column of the reference table.
    static func documentedKeys() throws -> Set<String> {
        let readme = try String(contentsOf: Examples.root.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### `kiln.yml` reference").dropFirst().first)
        let table = section.components(separatedBy: "\n### ").first ?? section
        return Set(
            table.split(separator: "\n").compactMap { line in
                line.wholeMatch(of: /\| `([a-z_.<>]+)` \|.*/).map { String($0.output.1) }
            })
    }

    @Test func everyAcceptedKeyIsDocumented() throws {
        let documented = try Self.documentedKeys()
        #expect(
            Self.acceptedKeys.subtracting(documented).isEmpty,
            "missing from the README: \(Self.acceptedKeys.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(Self.acceptedKeys).isEmpty,
            "documented but not accepted: \(documented.subtracting(Self.acceptedKeys).sorted())")
    }
}
