import Foundation
import KilnAPI
import KilnServer
import Testing

@testable import KilnPipeline

/// Builds against `kiln serve --faults`, where a tenth or three tenths of all calls are refused
/// (429 with Retry-After, 503), dropped before or after they were served, or answered two seconds late: every build must give the
/// verdict it gives without faults, with exactly one run, one job per repository, and nothing
/// left of it but its records.
@Suite("reliability: builds under faults", .enabled(if: Reliability.enabled), .serialized, .timeLimit(.minutes(15)))
struct FaultedBuildsTests {
    static let levels = [
        ("10%", "429:1@0.03,503@0.03,reset@0.01,lost@0.01,delay:2s@0.02,seed=101"),
        ("30%", "429:1@0.09,503@0.09,reset@0.03,lost@0.03,delay:2s@0.06,seed=303"),
    ]
    /// Builds per repository; repositories build at once, each one's builds one after another.
    static let buildsEach = 5

    @Test(arguments: levels)
    func twentyFiveBuildsGiveTheVerdictsTheyGiveWithoutFaults(level: String, faults: String) async throws {
        let kinds: [ReliabilityRepository.Kind] = [.passes, .failsATest, .passes, .runDies, .passes]
        let repositories = try await Array(kinds.enumerated()).asyncMap { index, kind in
            try await ReliabilityRepository(name: "faults-\(index)", kind: kind)
        }
        let recorded = TemporaryFolder("kiln-faults-recorded")
        let recorder = try RequestRecorder(file: recorded.path("requests.jsonl"))
        try await ServerFixture.run(faults: faults, recorder: recorder) { api in
            try await api.withClient(.forTests(retryTimeout: .seconds(120))) { client in
                let statuses = try await withThrowingTaskGroup(of: (Int, [KilnPipeline.ExitStatus]).self) { group in
                    for (index, repository) in repositories.enumerated() {
                        group.addTask {
                            var statuses: [KilnPipeline.ExitStatus] = []
                            for build in 0..<Self.buildsEach {
                                let session = try await repository.example.session(through: client, of: api, buildID: "b\(build)")
                                statuses.append(try await BuildPipeline(session: session, force: true).run())
                            }
                            return (index, statuses)
                        }
                    }
                    var statuses: [Int: [KilnPipeline.ExitStatus]] = [:]
                    for try await (index, each) in group { statuses[index] = each }
                    return statuses
                }
                // The server's own view, without faults.
                let databricks = api.engine.databricks
                for (index, repository) in repositories.enumerated() {
                    #expect(
                        statuses[index] == Array(repeating: repository.expected, count: Self.buildsEach), "\(level): \(repository.name)")
                    let jobs = try await databricks.jobs.list(JobsListQuery(name: "build-\(repository.name)")).jobs ?? []
                    #expect(jobs.count == 1, "\(level): one job for \(repository.name), not \(jobs.count)")
                    let runs =
                        try await databricks.jobs.listRuns(RunsListQuery(jobId: try #require(jobs.first?.jobId), limit: 25)).runs ?? []
                    let builds = runs.compactMap { run in run.jobParameters?.first { $0.name == "kiln_build_id" }?.value }
                    #expect(
                        builds.sorted() == (0..<Self.buildsEach).map { "b\($0)" },
                        "\(level): exactly one run per build of \(repository.name)")
                    #expect(
                        try await databricks.workspace.list("/Shared/build/\(repository.name)").isEmpty, "\(level): workspace folders left")
                    for build in 0..<Self.buildsEach {
                        let folder = "/kiln/build/\(repository.name)/b\(build)"
                        #expect(
                            Set(try await databricks.dbfs.list(folder).map(\.path)) == ["\(folder)/build.json", "\(folder)/results.json"])
                        let manifest = try await databricks.dbfs.read("\(folder)/build.json", offset: 0, length: nil).data
                        #expect(String(decoding: manifest, as: UTF8.self).contains(#""state":"\#(repository.expectedState)""#), "\(folder)")
                    }
                }
            }
        }
        // The faults were met: every kind, in the stated share of the calls.
        let requests = try RequestRecorder.records(in: recorded.path("requests.jsonl"))
        let failed = requests.filter { [429, 503].contains($0.status) }
        print("[measured] \(level) '\(faults)': \(requests.count) requests, \(failed.count) refused")
        #expect(requests.count > 500)
        #expect(requests.contains { $0.status == 429 } && requests.contains { $0.status == 503 })
    }
}
