import Foundation
import Testing

/// Every input of the fuzzing corpus (`Tests/Corpus/<target>/`, crashes that `make fuzz` found
/// among them) read again through its target by the plain build of `kiln-fuzz`: each is read to
/// an answer or an error, none crashes.
@Suite("the fuzzing corpus, replayed", .timeLimit(.minutes(2)))
struct FuzzCorpusTests {
    static let targets = ["junit", "kiln-yml", "templates", "notebooks", "faults"]

    @Test(arguments: targets)
    func everyCorpusInputIsReadWithoutACrash(_ target: String) async throws {
        let folder = HostileInputTests.corpus.appendingPathComponent(target)
        let files = HostileInputTests.cases(target).map { folder.appendingPathComponent($0).path }
        #expect(!files.isEmpty, "Tests/Corpus/\(target) is empty")
        let replay = KilnBinary.url.deletingLastPathComponent().appendingPathComponent("kiln-fuzz")
        let result = try await runProcess(replay, [target] + files)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == files.count, "\(result.stdout)")
    }
}
