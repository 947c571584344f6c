import KilnAPI
import Testing

/// Jobs API 2.1 (jobs themselves), on both targets.
@Suite("Contract: jobs", .serialized, .timeLimit(.minutes(1)))
struct JobsContractTests {
    @Test(arguments: ContractTarget.allCases)
    func createGetFindResetAndDelete(_ target: ContractTarget) async throws {
        try await target.run { world in
            let jobs = world.jobs
            var settings = JobSettings.scripted("build-r-model", [("tests", "ok", [])])
            settings.tags = ["repo": "r-model"]
            let jobId = try await jobs.create(settings)
            let job = try await jobs.get(jobId: jobId)
            #expect(job.jobId == jobId)
            #expect(job.settings.name == "build-r-model")
            #expect(job.settings.tasks?.map(\.taskKey) == ["tests"])
            #expect(job.settings.tags == ["repo": "r-model"])
            #expect(job.settings.format == "MULTI_TASK")

            let found = try await jobs.list(JobsListQuery(name: "BUILD-R-MODEL"))
            #expect(found.jobs?.map(\.jobId) == [jobId])
            #expect(found.jobs?.first?.settings.tasks == nil)
            #expect(try await jobs.list(JobsListQuery(name: "build-r-model", expandTasks: true)).jobs?.first?.settings.tasks?.count == 1)
            #expect(try await jobs.list(JobsListQuery(name: "other")).jobs == nil)

            try await jobs.reset(jobId: jobId, settings: .scripted("build-r-model", [("unit", "ok", []), ("report", "ok", ["unit"])]))
            #expect(try await jobs.get(jobId: jobId).settings.tasks?.map(\.taskKey) == ["unit", "report"])
            #expect(try await jobs.get(jobId: jobId).settings.tags == nil)

            try await jobs.delete(jobId: jobId)
            let gone = DatabricksError.invalidParameter("Job \(jobId) does not exist.")
            await expectError(gone) { _ = try await jobs.get(jobId: jobId) }
            await expectError(gone) { try await jobs.delete(jobId: jobId) }
            await expectError(gone) { try await jobs.reset(jobId: jobId, settings: settings) }
            await expectError(gone) { _ = try await jobs.runNow(RunNow(jobId: jobId)) }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func listingPagesThroughEveryJob(_ target: ContractTarget) async throws {
        try await target.run { world in
            var created: [Int64] = []
            for index in 1...7 {
                created.append(try await world.jobs.create(.scripted("job-\(index)", [("t", "ok", [])])))
            }
            var seen: [Int64] = []
            var pages = 0
            var token: String?
            repeat {
                let page = try await world.jobs.list(JobsListQuery(limit: 3, pageToken: token))
                seen += page.jobs?.map(\.jobId) ?? []
                pages += 1
                #expect(page.hasMore == (page.nextPageToken != nil))
                token = page.nextPageToken
            } while token != nil
            #expect(pages == 3)
            #expect(seen.sorted() == created.sorted())
            await expectError(.invalidParameter("limit must be between 1 and 100, not 0.")) {
                _ = try await world.jobs.list(JobsListQuery(limit: 0))
            }
            await expectError(.invalidParameter("page_token 'forged' is not a token this server gave out.")) {
                _ = try await world.jobs.list(JobsListQuery(pageToken: "forged"))
            }
        }
    }

    @Test(arguments: ContractTarget.allCases)
    func invalidSettingsAreRefused(_ target: ContractTarget) async throws {
        try await target.run { world in
            await expectError(.invalidParameter("task_key 't' is used by more than one task; task keys must be unique.")) {
                _ = try await world.jobs.create(.scripted("twice", [("t", "ok", []), ("t", "ok", [])]))
            }
            await expectError(.invalidParameter("timeout_seconds must be 0 (no timeout) or more, not -1.")) {
                _ = try await world.jobs.create(.scripted("negative", [("t", "ok", [])], timeoutSeconds: -1))
            }
            let remaining = try await world.jobs.list(JobsListQuery())
            #expect(remaining.jobs == nil)
        }
    }
}
