import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

@Suite("Engine: jobs")
struct EngineJobsTests {
    @Test func createGetResetDelete() async throws {
        let fixture = try await EngineFixture()
        var settings = JobSettings.scripted("build-model", [("tests", "ok", [])])
        settings.tags = ["repo": "model"]
        let jobId = try await fixture.jobs.create(settings)
        let job = try await fixture.jobs.get(jobId: jobId)
        #expect(job.settings.name == "build-model")
        #expect(job.settings.tags == ["repo": "model"])
        #expect(job.settings.format == "MULTI_TASK")
        #expect(job.createdTime > 0)

        settings.name = "build-model-2"
        settings.maxConcurrentRuns = 3
        try await fixture.jobs.reset(jobId: jobId, settings: settings)
        #expect(try await fixture.jobs.get(jobId: jobId).settings.maxConcurrentRuns == 3)

        try await fixture.jobs.delete(jobId: jobId)
        let missing = await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.get(jobId: jobId) }
        #expect(missing?.message == "Job \(jobId) does not exist.")
        await expectDatabricksError(.invalidParameterValue) { try await fixture.jobs.delete(jobId: jobId) }
        await expectDatabricksError(.invalidParameterValue) { try await fixture.jobs.reset(jobId: jobId, settings: settings) }
    }

    @Test func listFiltersByNameAndPages() async throws {
        let fixture = try await EngineFixture()
        for index in 0..<5 { _ = try await fixture.jobs.create(.scripted("job-\(index)", [("t", "ok", [])])) }
        _ = try await fixture.jobs.create(.scripted("Build-Repo", [("t", "ok", [])]))
        let named = try await fixture.jobs.list(JobsListQuery(name: "build-repo"))
        #expect(named.jobs?.map(\.settings.name) == ["Build-Repo"])
        #expect(named.jobs?.first?.settings.tasks == nil)
        #expect(try await fixture.jobs.list(JobsListQuery(name: "none")).jobs == nil)

        var seen: [String] = []
        var token: String?
        repeat {
            let page = try await fixture.jobs.list(JobsListQuery(limit: 4, pageToken: token, expandTasks: true))
            seen += (page.jobs ?? []).compactMap(\.settings.name)
            #expect(page.jobs?.allSatisfy { $0.settings.tasks?.count == 1 } == true)
            token = page.nextPageToken
            #expect(page.hasMore == (token != nil))
        } while token != nil
        #expect(seen == ["job-0", "job-1", "job-2", "job-3", "job-4", "Build-Repo"])
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.list(JobsListQuery(limit: 101)) }
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.list(JobsListQuery(pageToken: "garbage")) }
    }

    @Test(arguments: [
        JobSettings.scripted("dup", [("a", "ok", []), ("a", "ok", [])]),
        JobSettings.scripted("unknown", [("a", "ok", ["missing"])]),
        JobSettings.scripted("cycle", [("a", "ok", ["b"]), ("b", "ok", ["a"])]),
        JobSettings.scripted("bad key", [("a b", "ok", [])]),
    ])
    func invalidSettingsAreRefused(settings: JobSettings) async throws {
        let fixture = try await EngineFixture()
        await expectDatabricksError(.invalidParameterValue) { _ = try await fixture.jobs.create(settings) }
        #expect(try await fixture.jobs.list(JobsListQuery()).jobs == nil)
    }

    /// A second engine on the same folder would take the first's active runs for a dead engine's.
    @Test func aStateFolderHasOneEngineAtATime() async throws {
        let fixture = try await EngineFixture()
        do {
            _ = try await Engine(state: fixture.engine.state, executor: ScriptedExecutor())
            Issue.record("a second engine opened the same state folder")
        } catch let error as EngineError {
            #expect(error.description.contains(fixture.engine.state.root.path))
            #expect(error.description.contains("in use by another kiln process (pid \(getpid()))"))
        }
    }

    @Test func theClusterIsRunning() async throws {
        let fixture = try await EngineFixture()
        let cluster = try await fixture.databricks.clusters.get(clusterId: EngineClusters.clusterId)
        #expect(cluster.state == .running)
        await expectDatabricksError(.invalidParameterValue) {
            _ = try await fixture.databricks.clusters.get(clusterId: "0123-456789-abcdefgh")
        }
        var settings = JobSettings.scripted("on-cluster", [("t", "ok", [])])
        settings.tasks?[0].existingClusterId = "0123-456789-abcdefgh"
        _ = try await fixture.jobs.create(settings)
        #expect(try await fixture.databricks.clusters.get(clusterId: "0123-456789-abcdefgh").state == .running)
        await expectDatabricksError(.invalidState) { try await fixture.databricks.clusters.start(clusterId: EngineClusters.clusterId) }
    }
}
