import Foundation
import KilnAPI
import KilnReports
import Testing

@testable import KilnEngine
@testable import KilnPipeline

/// Builds of one repository that start at the same moment, through the REST client against
/// `kiln serve`: the race that inline scripts lose.
@Suite("kiln build: concurrent builds", .timeLimit(.minutes(4)))
struct ConcurrentBuildsTests {
    @Test func eightBuildsAtOnceKeepOneJobAndTheirOwnFolders() async throws {
        let builds = 8
        let repositories = try await Array(0..<builds).asyncMap { index in
            let repository = try await ExampleRepository("r-model")
            // Each build's own test: a build that ran another build's notebook or files would show another's name.
            try repository.write(
                "tests/testthat/test-marker.R",
                """
                test_that("build \(index) ran its own files", { expect_true(TRUE) })
                """)
            return repository
        }
        try await ServerFixture.run { api in
            try await api.withClient { client in
                let statuses = try await withThrowingTaskGroup(of: (Int, KilnPipeline.ExitStatus).self) { group in
                    for (index, repository) in repositories.enumerated() {
                        group.addTask {
                            let session = try await repository.session(through: client, of: api, buildID: "concurrent-\(index)")
                            return (index, try await BuildPipeline(session: session, force: true).run())
                        }
                    }
                    var statuses: [Int: KilnPipeline.ExitStatus] = [:]
                    for try await (index, status) in group { statuses[index] = status }
                    return statuses
                }
                #expect(statuses.count == builds)
                #expect(statuses.values.allSatisfy { $0 == .passed }, "\(statuses)")

                let jobs = try await client.databricks.jobs.list(JobsListQuery(name: "build-r-model")).jobs ?? []
                #expect(jobs.count == 1, "exactly one job for the repository")
                let runs =
                    try await client.databricks.jobs.listRuns(RunsListQuery(jobId: try #require(jobs.first?.jobId), limit: 25)).runs ?? []
                #expect(runs.count == builds)
                #expect(runs.allSatisfy { $0.state.resultState == .success })

                for (index, repository) in repositories.enumerated() {
                    let report = try JUnitParser().parse(contentsOf: repository.url.appendingPathComponent("kiln-results/junit.xml"))
                    #expect(report.counts.tests == 7)
                    let markers = report.suites.flatMap(\.cases).map(\.name).filter { $0.contains("ran_its_own_files") }
                    #expect(markers == ["build_\(index)_ran_its_own_files"], "build \(index) saw \(markers)")
                }
                // Every build cleaned only its own folders; the lock is released.
                let left = try await client.databricks.workspace.list("/Shared/build/r-model").map(\.path)
                #expect(left.isEmpty, "\(left)")
            }
        }
    }
}
