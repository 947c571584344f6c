import Foundation
import Testing

@testable import KilnPipeline

/// An alias used as a mapping key is refused before Yams reads the text (Yams hashes keys to find
/// duplicates, and a key that is an alias of aliases hashes in exponential time: `make fuzz`
/// found a 700-byte kiln.yml that held the loader for minutes, now in Tests/Corpus/kiln-yml).
@Suite("kiln.yml: an alias as a key")
struct AliasKeyScanTests {
    @Test(arguments: [
        ("big: &b [1]\n*b: x\n", 2, 1),
        ("a: &b [1]\nc: [*b, *b : x]\n", 2, 9),
        ("a: &b 1\n? *b\n: v\n", 2, 3),
        ("a: &b 1\nc: {*b: 1}\n", 2, 5),
        ("a: &b [1]\nc: {[*b, 2]: x}\n", 2, 5),
        ("note: rock 'n roll\n*b: x\n", 2, 1),
    ])
    func anAliasKeyIsFoundWhereItIs(_ text: String, _ line: Int, _ column: Int) {
        let found = AliasKeyScan.firstAliasKey(in: text)
        #expect(found?.line == line && found?.column == column, "\(text): \(String(describing: found))")
    }

    @Test(arguments: [
        "keep: &k on_failure\nother: *k\n",
        "message: \"*a: not a key\"\n",
        "message: '*a: not a key'\n",
        "# *a: a comment\nrepo: r\n",
        "paths: [\"databricks/**\", models/**]\n",
        "list:\n  - *a\n  - b\n",
        "script: |\n  *Note: a block scalar\n  more\nnext: 1\n",
        "a: \"x \\\" *y: z\"\n",
        "a: 'it''s *y: z'\n",
        "image: repo *x:tag\n",
        "a: [*x, *y]\n",
    ])
    func anAliasAsAValueOrInTextIsLeftAlone(_ text: String) {
        #expect(AliasKeyScan.firstAliasKey(in: text) == nil, "\(text)")
    }

    @Test func theFuzzersKilnYMLIsRefusedNamingTheLine() throws {
        let corpus = HostileInputTests.corpus.appendingPathComponent("kiln-yml/fuzz-alias-as-key-timeout.yml")
        let folder = TemporaryFolder()
        try FileManager.default.copyItem(at: corpus, to: folder.path("kiln.yml"))
        let error = #expect(throws: ConfigError.self) { try KilnConfig.load(in: folder.url) }
        #expect(error.map { "\($0)" }?.contains("an alias is used as a mapping key") == true, "\(String(describing: error))")
    }
}
