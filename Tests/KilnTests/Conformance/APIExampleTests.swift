import Foundation
import KilnAPI
import Testing

@testable import KilnPipeline

/// The example responses of every endpoint Kiln uses, as the Databricks REST API reference shows
/// them (Fixtures/api-examples/README.md names each source), read through Kiln's REST client: a
/// real workspace answers with more fields than Kiln's own server, and with fewer.
@Suite("Example responses of the Databricks REST API", .timeLimit(.minutes(1)))
struct APIExampleTests {
    static let jobs: [APIExample] = [
        APIExample("jobs-create.json", .post, "/api/2.1/jobs/create") { (databricks) async throws in
            #expect(try await databricks.jobs.create(JobSettings(name: "x")) == 11_223_344)
        },
        APIExample("jobs-get.json", .get, "/api/2.1/jobs/get") { (databricks) async throws in
            let job = try await databricks.jobs.get(jobId: 11_223_344)
            #expect(job.createdTime == 1_601_370_337_343)
            #expect(job.settings.name == "A multitask job")
            #expect(job.settings.format == .singleTask)
            #expect(job.settings.maxConcurrentRuns == 10)
            #expect(job.settings.queue?.enabled == true)
            #expect(job.settings.parameters == [JobParameterDefinition(name: "table", default: "users")])
            #expect(job.settings.tasks?.map(\.taskKey) == ["Sessionize", "Orders_Ingest", "Match"])
            #expect(job.settings.tasks?.last?.notebookTask?.notebookPath == "/Users/user.name@databricks.com/Match")
            #expect(job.settings.tasks?.last?.runIf == .allSuccess)
            // Fields Kiln does not model are kept, so a job read back could be sent again whole.
            #expect(
                job.settings.document["health"]
                    == .object([
                        "rules": .array([.object(["metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": .integer(10)])])
                    ]))
            #expect(job.settings.document["performance_target"] == "PERFORMANCE_OPTIMIZED")
            #expect(job.settings.tasks?.first?.document["spark_jar_task"] != nil)
        },
        APIExample("jobs-list.json", .get, "/api/2.1/jobs/list") { (databricks) async throws in
            let page = try await databricks.jobs.list(JobsListQuery(name: "A multitask job"))
            #expect(page.hasMore)
            #expect(page.nextPageToken == "CAEomPuciYcxMKbM9JvMlwU=")
            #expect(page.jobs?.map(\.jobId) == [11_223_344])
            #expect(page.jobs?.first?.settings.name == "A multitask job")
            #expect(page.jobs?.first?.settings.tasks == nil)
        },
        APIExample("jobs-reset.json", .post, "/api/2.1/jobs/reset") { (databricks) async throws in
            try await databricks.jobs.reset(jobId: 11_223_344, settings: JobSettings(name: "x"))
        },
        APIExample("jobs-run-now.json", .post, "/api/2.1/jobs/run-now") { (databricks) async throws in
            let started = try await databricks.jobs.runNow(RunNow(jobId: 11_223_344))
            #expect(started.runId == 455_644_833)
            #expect(started.numberInJob == 455_644_833)
        },
        APIExample("jobs-runs-get.json", .get, "/api/2.1/jobs/runs/get") { (databricks) async throws in
            let run = try await databricks.jobs.getRun(runId: 455_644_833)
            #expect(run.jobId == 11_223_344)
            #expect(run.runPageUrl == "https://my-workspace.cloud.databricks.com/#job/11223344/run/123")
            #expect(run.runType == .jobRun)
            #expect(run.state.lifeCycleState == .pending)
            #expect(run.status?.state == .blocked)
            #expect(run.status?.queueDetails?.code == .activeRunsLimitReached)
            #expect(run.reportedState.lifeCycleState == "BLOCKED")
            #expect(run.clusterInstance?.clusterId == "0923-164208-meows279")
            #expect(run.jobParameters?.first?.value == "customers")
            let tasks = try #require(run.tasks)
            #expect(tasks.map(\.taskKey) == ["Orders_Ingest", "Match", "Sessionize"])
            #expect(tasks[0].state.lifeCycleState == .internalError)
            #expect(tasks[0].state.resultState == .failed)
            #expect(tasks[0].state.stateMessage.hasPrefix("Library installation failed"))
            #expect(tasks[1].state.lifeCycleState == .skipped)
            #expect(tasks[1].state.resultState == nil)
            #expect(tasks[1].startTime == 0)
            #expect(tasks[1].notebookTask?.source == .workspace)
            #expect(tasks[1].dependsOn?.map(\.taskKey) == ["Orders_Ingest", "Sessionize"])
        },
        APIExample("jobs-runs-get-output.json", .get, "/api/2.1/jobs/runs/get-output") { (databricks) async throws in
            let output = try await databricks.jobs.getRunOutput(runId: 2_112_897)
            #expect(output.notebookOutput?.result == "An arbitrary string passed by calling dbutils.notebook.exit(...)")
            #expect(output.notebookOutput?.truncated == false)
            #expect(output.error == "ZeroDivisionError: integer division or modulo by zero")
            #expect(output.logs == "Hello World!")
            #expect(output.logsTruncated == true)
            #expect(output.metadata?.runId == 455_644_833)
        },
        APIExample("jobs-runs-list.json", .get, "/api/2.1/jobs/runs/list") { (databricks) async throws in
            let page = try await databricks.jobs.listRuns(RunsListQuery(jobId: 11_223_344))
            #expect(page.hasMore == false)
            #expect(page.nextPageToken == "CAEomPuciYcxMKbM9JvMlwU=")
            #expect(page.runs?.map(\.runId) == [455_644_833])
            #expect(page.runs?.first?.tasks?.count == 3)
        },
        APIExample("jobs-runs-cancel.json", .post, "/api/2.1/jobs/runs/cancel") { (databricks) async throws in
            try await databricks.jobs.cancelRun(runId: 455_644_833)
        },
    ]

    static let workspaceAndStorage: [APIExample] = [
        APIExample("workspace-list.json", .get, "/api/2.0/workspace/list") { (databricks) async throws in
            let objects = try await databricks.workspace.list("/Users/user@example.com")
            #expect(objects.map(\.objectType) == [.directory, .notebook])
            #expect(objects.map(\.objectId) == [123, 456])
            #expect(objects.last?.language == .python)
            #expect(objects.last?.path == "/Users/user@example.com/PythonExampleNotebook")
        },
        APIExample("workspace-list-generic.json", .get, "/api/2.0/workspace/list") { (databricks) async throws in
            let object = try #require(try await databricks.workspace.list("/").first)
            #expect(object.objectType.rawValue == "string")
            #expect(object.language?.rawValue == "string")
            #expect(object.resourceId == "string")
        },
        APIExample("workspace-get-status.json", .get, "/api/2.0/workspace/get-status") { (databricks) async throws in
            let object = try await databricks.workspace.status("/Users/user@example.com/project/ScalaExampleNotebook")
            #expect(object.objectType == .notebook)
            #expect(object.language == .scala)
            #expect(object.objectId == 789)
        },
        APIExample("workspace-export.json", .get, "/api/2.0/workspace/export") { (databricks) async throws in
            let export = try await databricks.workspace.export("/Users/user@example.com/project/ScalaExampleNotebook", format: .source)
            #expect(String(decoding: export.content, as: UTF8.self) == "// Databricks notebook source\n1+1")
            #expect(export.fileType == nil)
        },
        APIExample("workspace-import.json", .post, "/api/2.0/workspace/import") { (databricks) async throws in
            try await databricks.workspace.importObject(WorkspaceImport(path: "/Shared/nb", content: Data("1+1".utf8), language: .python))
        },
        APIExample("dbfs-read.json", .get, "/api/2.0/dbfs/read") { (databricks) async throws in
            #expect(try await databricks.dbfs.read("/mnt/foo", offset: 0, length: nil) == DBFSReadResult(bytesRead: 0, data: Data()))
        },
        APIExample("dbfs-list.json", .get, "/api/2.0/dbfs/list") { (databricks) async throws in
            #expect(try await databricks.dbfs.list("/mnt/foo") == [FileInfo(path: "string", isDir: true, fileSize: 0, modificationTime: 0)])
        },
        APIExample("dbfs-get-status.json", .get, "/api/2.0/dbfs/get-status") { (databricks) async throws in
            #expect(try await databricks.dbfs.status("/mnt/foo") == FileInfo(path: "string", isDir: true, fileSize: 0, modificationTime: 0))
        },
        APIExample("dbfs-put.json", .post, "/api/2.0/dbfs/put") { (databricks) async throws in
            try await databricks.dbfs.put(DBFSPut(path: "/mnt/foo", contents: Data("x".utf8), overwrite: true))
        },
        APIExample("dbfs-create.json", .post, "/api/2.0/dbfs/create") { (databricks) async throws in
            #expect(try await databricks.dbfs.create(DBFSCreate(path: "/mnt/foo")) == 0)
        },
        APIExample("dbfs-add-block.json", .post, "/api/2.0/dbfs/add-block") { (databricks) async throws in
            try await databricks.dbfs.addBlock(handle: 0, data: Data("x".utf8))
        },
        APIExample("fs-directories-list.json", .get, "/api/2.0/fs/directories/Volumes/main/default/v/results") {
            (databricks) async throws in
            let listing = try await databricks.files.listDirectory("/Volumes/main/default/v/results", pageSize: nil, pageToken: nil)
            #expect(listing.contents == [DirectoryEntry(path: "string", name: "string", isDirectory: true, fileSize: 0, lastModified: 0)])
            #expect(listing.nextPageToken == "string")
        },
        APIExample("fs-files-head.json", .head, "/api/2.0/fs/files/Volumes/main/default/v/results/junit.xml") { (databricks) async throws in
            let metadata = try await databricks.files.metadata("/Volumes/main/default/v/results/junit.xml")
            #expect(metadata == FileMetadata(contentLength: 500, lastModified: 1_706_105_456_000, contentType: "application/octet-stream"))
        },
        APIExample("clusters-get.json", .get, "/api/2.1/clusters/get") { (databricks) async throws in
            let cluster = try await databricks.clusters.get(clusterId: "0923-164208-meows279")
            #expect(cluster.state == .running)
            #expect(cluster.clusterName == "ci")
            #expect(cluster.numWorkers == 2)
        },
    ]

    static let lenient: [APIExample] = [
        APIExample("lenient-runs-get-status-only.json", .get, "/api/2.1/jobs/runs/get") { (databricks) async throws in
            let run = try await databricks.jobs.getRun(runId: 70)
            #expect(run.state == RunState(lifeCycleState: .terminated, resultState: .successWithFailures))
            #expect(run.startTime == 0)
            let tasks = try #require(run.tasks)
            #expect(tasks[0].state.resultState == .failed)
            #expect(tasks[0].state.stateMessage == "Workload failed, see run output for details")
            #expect(tasks[1].state.resultState == .success)
            #expect(tasks[1].clusterInstance == ClusterInstance(clusterId: nil))
            #expect(tasks[2].state.lifeCycleState == .queued)
            #expect(tasks[2].status?.queueDetails == QueueDetails(code: .activeRunsLimitReached, message: ""))
            let finished = FinishedRun(run: run, timedOut: false)
            #expect(!finished.succeeded)
            #expect(finished.failureReason(output: nil) == "task train ended FAILED: Workload failed, see run output for details")
        },
        APIExample("lenient-runs-get-unknown-enums.json", .get, "/api/2.1/jobs/runs/get") { (databricks) async throws in
            let run = try await databricks.jobs.getRun(runId: 80)
            #expect(run.runType?.rawValue == "SOMETHING_NEW")
            #expect(run.state.lifeCycleState.rawValue == "HIBERNATING")
            #expect(run.state.resultState?.rawValue == "PARTIALLY_SUCCEEDED")
            #expect(run.status?.state?.rawValue == "HIBERNATING")
            #expect(run.status?.terminationDetails == TerminationDetails(code: "NEW_CODE", type: "NEW_TYPE", message: ""))
            #expect(run.status?.queueDetails?.code?.rawValue == "NEW_QUEUE_REASON")
            #expect(run.tasks?.first?.runIf?.rawValue == "SOMETIMES")
            #expect(run.tasks?.first?.notebookTask?.source?.rawValue == "SOMEWHERE_ELSE")
            #expect(run.tasks?.first?.startTime == 0)
            #expect(!FinishedRun(run: run, timedOut: false).succeeded)
        },
        APIExample("lenient-jobs-list-empty.json", .get, "/api/2.1/jobs/list") { (databricks) async throws in
            let page = try await databricks.jobs.list(JobsListQuery(name: "build-r-model"))
            #expect(page.jobs == nil)
            #expect(!page.hasMore)
        },
        APIExample("lenient-empty.json", .get, "/api/2.1/jobs/runs/list") { (databricks) async throws in
            let page = try await databricks.jobs.listRuns(RunsListQuery(jobId: 1))
            #expect(page.runs == nil)
            #expect(!page.hasMore)
        },
        APIExample("lenient-empty.json", .get, "/api/2.0/workspace/list") { (databricks) async throws in
            #expect(try await databricks.workspace.list("/Shared/empty").isEmpty)
        },
        APIExample("lenient-empty.json", .get, "/api/2.0/dbfs/list") { (databricks) async throws in
            #expect(try await databricks.dbfs.list("/kiln/build/empty").isEmpty)
        },
        APIExample("lenient-empty.json", .get, "/api/2.0/dbfs/read") { (databricks) async throws in
            #expect(
                try await databricks.dbfs.read("/kiln/build/r/1/build.json", offset: 120, length: nil)
                    == DBFSReadResult(bytesRead: 0, data: Data()))
        },
        APIExample("lenient-empty.json", .get, "/api/2.0/fs/directories/Volumes/main/default/v/empty") { (databricks) async throws in
            let listing = try await databricks.files.listDirectory("/Volumes/main/default/v/empty", pageSize: nil, pageToken: nil)
            #expect(listing.contents == nil)
            #expect(listing.nextPageToken == nil)
        },
        APIExample("lenient-jobs-get-minimal.json", .get, "/api/2.1/jobs/get") { (databricks) async throws in
            let job = try await databricks.jobs.get(jobId: 5)
            #expect(job.createdTime == 0)
            #expect(job.settings.parameters == [JobParameterDefinition(name: "empty", default: "")])
            #expect(job.settings.queue == QueueSettings(enabled: false))
            #expect(job.settings.tasks?.map(\.taskKey) == ["t"])
        },
        APIExample("lenient-fs-directories-sparse.json", .get, "/api/2.0/fs/directories/Volumes/main/default/v/results") {
            (databricks) async throws in
            let listing = try await databricks.files.listDirectory("/Volumes/main/default/v/results", pageSize: nil, pageToken: nil)
            #expect(listing.contents?.map(\.name) == ["junit.xml", "more"])
            #expect(listing.contents?.map(\.isDirectory) == [false, true])
            #expect(listing.contents?.first?.fileSize == 12)
        },
        APIExample("lenient-dbfs-list-sparse.json", .get, "/api/2.0/dbfs/list") { (databricks) async throws in
            #expect(
                try await databricks.dbfs.list("/kiln/build/r/1") == [
                    FileInfo(path: "/kiln/build/r/1/results", isDir: false, fileSize: 0, modificationTime: 0)
                ])
        },
    ]

    @Test(arguments: jobs)
    func jobsExamplesDecode(_ example: APIExample) async throws { try await example.run() }

    @Test(arguments: workspaceAndStorage)
    func workspaceAndStorageExamplesDecode(_ example: APIExample) async throws { try await example.run() }

    @Test(arguments: lenient)
    func payloadsWithFieldsOmittedDecode(_ example: APIExample) async throws { try await example.run() }
}
