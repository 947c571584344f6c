import Foundation
import KilnAPI
import KilnClient
import Testing

@testable import KilnPipeline

/// Calls that are served but whose answer never arrives (`kiln serve --faults lost@…`): the
/// client does not send them again, since they may have taken effect, so the pipeline reads the
/// state back. Each of these failed before: the build stopped with CONNECTION_LOST.
@Suite("a lost answer on an unrepeatable call", .timeLimit(.minutes(2)))
struct LostAnswerTests {
    @Test func aLockWhoseCreateAnswerWasLostIsHeld() async throws {
        try await ServerFixture.run(faults: "lost@1,on=/api/2.0/workspace/import") { api in
            try await api.withClient { client in
                let lock = RepoLock(workspace: client.databricks.workspace, folder: "/Shared/build/repo", owner: "b1")
                let held = try await lock.withLock { "held" }
                #expect(held == "held")
                #expect(try await api.engine.databricks.workspace.list("/Shared/build/repo").isEmpty, "released")
            }
        }
    }

    @Test func aJobWhoseCreateAnswerWasLostIsFoundNotMadeTwice() async throws {
        try await ServerFixture.run(faults: "lost@1,on=/api/2.1/jobs/create") { api in
            try await api.withClient { client in
                let repository = try await ExampleRepository("r-model")
                let session = try await repository.session(through: client, of: api, buildID: "lost")
                let rendered = try TemplateRenderer(context: session.context, variables: session.config.variables, environment: [:])
                    .renderJob(session.config.job)
                let started = try await JobConfigurator(jobs: client.databricks.jobs, context: session.context).configureAndStart(rendered)
                #expect(started.created)
                let jobs = try await api.engine.databricks.jobs.list(JobsListQuery()).jobs ?? []
                #expect(jobs.map(\.jobId) == [started.jobId], "one job")
                _ = try await api.engine.waitForEnd(of: started.runId)
            }
        }
    }

    @Test func aBuildWhoseDeletesAnswersWereLostIsCleanedUp() async throws {
        try await ServerFixture.run(faults: "lost@0.5,on=/api/2.0/workspace/delete|/api/2.0/dbfs/delete,seed=2") { api in
            try await api.withClient { client in
                let repository = try await ExampleRepository("r-model")
                let session = try await repository.session(through: client, of: api, buildID: "lost")
                let events = EventLog()
                var observed = session
                observed.observer = events
                #expect(try await BuildPipeline(session: observed, force: true).run() == .passed)
                #expect(!events.text.contains("cleanup did not finish"), "\(events.text)")
                #expect(try await api.engine.databricks.workspace.list("/Shared/build/r-model").isEmpty)
                #expect(
                    Set(try await api.engine.databricks.dbfs.list("/kiln/build/r-model/lost").map(\.path))
                        == ["/kiln/build/r-model/lost/build.json", "/kiln/build/r-model/lost/results.json"])
            }
        }
    }
}
