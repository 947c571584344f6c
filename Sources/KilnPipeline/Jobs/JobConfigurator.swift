import Foundation
import KilnAPI

/// Makes the repository's one job, `build-<repo>`, carry this build's settings, and starts its run:
/// found by name and reset, or created; duplicates that an older tool left are deleted, keeping the
/// oldest. Job and run carry the repository, build id and commit (tags and job parameters), so a
/// run in the Jobs UI leads back to its build.
public struct JobConfigurator: Sendable {
    public var jobs: any JobsService
    public var context: BuildContext

    public init(jobs: any JobsService, context: BuildContext) {
        self.jobs = jobs
        self.context = context
    }

    public var jobName: String { "build-\(context.repo)" }

    /// The parameters every run carries besides the configured ones.
    var traceParameters: [String: String] {
        ["kiln_repo": context.repo, "kiln_build_id": context.buildID, "kiln_commit": context.commit ?? "unknown"]
    }

    /// The run's parameters: the configured ones and the trace of the build.
    func parameters(for rendered: RenderedJob) -> [String: String] {
        rendered.parameters.merging(traceParameters) { configured, _ in configured }
    }

    /// The settings the job gets: the rendered template, named and tagged for the repository, with
    /// the run's parameters as job parameters (Databricks pushes those down to the notebook's
    /// widgets). Unless the template says otherwise, runs past the job's concurrency limit wait
    /// in the queue: a build that started while another ran must not be skipped. Only these four
    /// fields are patched, in place; every other field of the template goes out as written.
    public func settings(for rendered: RenderedJob) -> JobSettings {
        var settings = rendered.settings
        settings.name = jobName
        settings.tags = (settings.tags ?? [:]).merging(traceParameters) { _, trace in trace }
        settings.queue = settings.queue ?? QueueSettings(enabled: true)
        let parameters = parameters(for: rendered)
        var definitions = (settings.parameters ?? []).filter { parameters[$0.name] == nil }
        definitions += parameters.sorted { $0.key < $1.key }.map { JobParameterDefinition(name: $0.key, default: $0.value) }
        settings.parameters = definitions
        return settings
    }

    /// Resets (or creates) the job and starts a run of it; call under the repository's lock.
    public func configureAndStart(_ rendered: RenderedJob) async throws -> (jobId: Int64, runId: Int64, created: Bool) {
        let settings = settings(for: rendered)
        let existing = try await jobsNamed(jobName)
        let jobId: Int64
        let created: Bool
        if let oldest = existing.first {
            jobId = oldest.jobId
            created = false
            try await jobs.reset(jobId: jobId, settings: settings)
            for duplicate in existing.dropFirst() { try await jobs.delete(jobId: duplicate.jobId) }
        } else {
            jobId = try await create(settings)
            created = true
        }
        let runId = try await jobs.runNow(RunNow(jobId: jobId, jobParameters: parameters(for: rendered))).runId
        return (jobId, runId, created)
    }

    /// Creates the job. A create whose answer was lost may have made it: the job is then looked
    /// for by name before another is made, so that a lost answer never leaves two jobs.
    private func create(_ settings: JobSettings) async throws -> Int64 {
        try await UnknownOutcome.resolve({ try await jobs.create(settings) }, settle: { try await jobsNamed(jobName).first?.jobId })
    }

    /// Every job with exactly this name, oldest first.
    private func jobsNamed(_ name: String) async throws -> [Job] {
        var found: [Job] = []
        var token: String?
        repeat {
            let page = try await jobs.list(JobsListQuery(name: name, limit: 100, pageToken: token))
            found += (page.jobs ?? []).filter { $0.settings.name == name }
            token = page.hasMore ? page.nextPageToken : nil
        } while token != nil
        return found.sorted { $0.jobId < $1.jobId }
    }
}
