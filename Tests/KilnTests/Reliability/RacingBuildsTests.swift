import Foundation
import KilnAPI
import KilnReports
import Testing

@testable import KilnPipeline

/// Sixteen builds of one repository and four of others, all started at once against `kiln serve`:
/// one job per repository, every verdict right, and no build touching another's folders.
@Suite("reliability: racing builds", .enabled(if: Reliability.enabled), .timeLimit(.minutes(10)))
struct RacingBuildsTests {
    struct Racer: Sendable {
        var repository: ReliabilityRepository
        var buildID: String
        var marker: String
    }

    @Test func sixteenBuildsOfOneRepositoryAndFourOfOthersAtOnce() async throws {
        var racers: [Racer] = []
        for index in 0..<16 {
            // Every fourth fails a test: a verdict that could be mixed up with a neighbour's.
            let marker = "build \(index) of the shared repository ran its own files"
            let repository = try await ReliabilityRepository(name: "shared", kind: index % 4 == 3 ? .failsATest : .passes, marker: marker)
            racers.append(Racer(repository: repository, buildID: "shared-\(index)", marker: marker))
        }
        for index in 0..<4 {
            let marker = "the repository other \(index) ran its own files"
            let repository = try await ReliabilityRepository(name: "other-\(index)", kind: .passes, marker: marker)
            racers.append(Racer(repository: repository, buildID: "other-\(index)-build", marker: marker))
        }
        let field = racers
        try await ServerFixture.run { api in
            try await api.withClient(.forTests(retryTimeout: .seconds(120))) { client in
                let statuses = try await withThrowingTaskGroup(of: (Int, KilnPipeline.ExitStatus).self) { group in
                    for (index, racer) in field.enumerated() {
                        group.addTask {
                            let session = try await racer.repository.example.session(through: client, of: api, buildID: racer.buildID)
                            return (index, try await BuildPipeline(session: session, force: true).run())
                        }
                    }
                    var statuses: [Int: KilnPipeline.ExitStatus] = [:]
                    for try await (index, status) in group { statuses[index] = status }
                    return statuses
                }
                let databricks = api.engine.databricks
                for (index, racer) in field.enumerated() {
                    #expect(statuses[index] == racer.repository.expected, "\(racer.buildID)")
                    // Its results are its own: its marker, and no other build's.
                    let report = try JUnitParser().parse(contentsOf: racer.repository.url.appendingPathComponent("kiln-results/junit.xml"))
                    let markers = report.suites.flatMap(\.cases).map(\.name).filter { $0.contains("ran_its_own_files") }
                    #expect(markers == [racer.marker.replacingOccurrences(of: " ", with: "_")], "\(racer.buildID) saw \(markers)")
                    let folder = "/kiln/build/\(racer.repository.name)/\(racer.buildID)"
                    #expect(Set(try await databricks.dbfs.list(folder).map(\.path)) == ["\(folder)/build.json", "\(folder)/results.json"])
                }
                for name in ["shared", "other-0", "other-1", "other-2", "other-3"] {
                    let jobs = try await databricks.jobs.list(JobsListQuery(name: "build-\(name)")).jobs ?? []
                    #expect(jobs.count == 1, "one job for \(name), not \(jobs.count)")
                    let runs =
                        try await databricks.jobs.listRuns(RunsListQuery(jobId: try #require(jobs.first?.jobId), limit: 25)).runs ?? []
                    #expect(runs.count == (name == "shared" ? 16 : 1), "\(name)")
                    #expect(try await databricks.workspace.list("/Shared/build/\(name)").isEmpty, "\(name): workspace folders left")
                }
            }
        }
    }
}
