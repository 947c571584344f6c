import Foundation
import KilnAPI
import KilnPipeline
import KilnServer

/// Every operation Kiln's REST client uses, performed through it with the names, paths and values
/// of `sdk_operations.py`, each with the requests `kiln serve` recorded for it.
struct KilnOperations {
    let databricks: Databricks
    let recorder: RequestRecorder
    let scratch: URL

    static let folder = "/Shared/conformance"
    static let notebook = folder + "/hello"
    static let book = folder + "/book"
    static let source = Data(#"# Databricks notebook source\#ndbutils.notebook.exit("ok " + dbutils.widgets.get("build_number"))\#n"#.utf8)
    static let jupyter = Data(
        #"{"cells": [{"cell_type": "code", "metadata": {}, "source": ["print(1)"], "outputs": [], "execution_count": null}], "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}"#
            .utf8)
    static let dbfsFolder = "/conformance"
    static let volumeFolder = "/Volumes/main/ci/conformance"
    static let cluster = "0000-000000-kilnlocal"
    static let jobName = "build-conformance"
    static let block = Data((0..<16).flatMap { _ in (0...255).map { UInt8($0) } })

    static let settings = JobSettings(
        name: jobName,
        tasks: [
            JobTask(
                taskKey: "test", notebookTask: NotebookTask(notebookPath: notebook, baseParameters: ["data_path": "dbfs:/conformance"]),
                existingClusterId: cluster, timeoutSeconds: 600)
        ],
        parameters: [JobParameterDefinition(name: "build_number", default: "0")], tags: ["repo": "conformance"],
        maxConcurrentRuns: 1, queue: QueueSettings(enabled: true))

    /// The requests of each operation, by name.
    func performAll() async throws -> [String: [RecordedRequest]] {
        var recorded: [String: [RecordedRequest]] = [:]
        func perform<T>(_ operation: String, _ action: () async throws -> T) async throws -> T {
            let before = try RequestRecorder.records(in: recorder.file).count
            let result = try await action()
            recorded[operation] = Array(try RequestRecorder.records(in: recorder.file).dropFirst(before))
            return result
        }
        let workspace = databricks.workspace
        try await perform("workspace.mkdirs") { try await workspace.mkdirs(Self.folder) }
        try await perform("workspace.import.source") {
            try await workspace.importObject(
                WorkspaceImport(path: Self.notebook, content: Self.source, format: .source, language: .python, overwrite: true))
        }
        try await perform("workspace.import.jupyter") {
            try await workspace.importObject(WorkspaceImport(path: Self.book, content: Self.jupyter, format: .jupyter, overwrite: true))
        }
        _ = try await perform("workspace.export") { try await workspace.export(Self.notebook, format: .source) }
        _ = try await perform("workspace.list") { try await workspace.list(Self.folder) }
        _ = try await perform("workspace.get-status") { try await workspace.status(Self.notebook) }

        let dbfs = databricks.dbfs
        try await perform("dbfs.mkdirs") { try await dbfs.mkdirs(Self.dbfsFolder) }
        try await perform("dbfs.put") {
            try await dbfs.put(DBFSPut(path: Self.dbfsFolder + "/small.txt", contents: Data("small".utf8), overwrite: true))
        }
        let handle = try await perform("dbfs.create") {
            try await dbfs.create(DBFSCreate(path: Self.dbfsFolder + "/big.bin", overwrite: true))
        }
        try await perform("dbfs.add-block") { try await dbfs.addBlock(handle: handle, data: Self.block) }
        try await perform("dbfs.close") { try await dbfs.close(handle: handle) }
        _ = try await perform("dbfs.read") { try await dbfs.read(Self.dbfsFolder + "/small.txt", offset: 0, length: 1_048_576) }
        _ = try await perform("dbfs.list") { try await dbfs.list(Self.dbfsFolder) }
        _ = try await perform("dbfs.get-status") { try await dbfs.status(Self.dbfsFolder + "/small.txt") }
        try await perform("dbfs.move") { try await dbfs.move(from: Self.dbfsFolder + "/big.bin", to: Self.dbfsFolder + "/moved.bin") }
        try await perform("dbfs.delete") { try await dbfs.delete(Self.dbfsFolder, recursive: true) }

        let files = databricks.files
        let model = Self.volumeFolder + "/model.bin"
        try await perform("files.create-directory") { try await files.createDirectory(Self.volumeFolder) }
        try await perform("files.upload") { try await files.upload(model, from: .data(Self.block), overwrite: true) }
        try await perform("files.download") { try await files.download(model, to: scratch.appendingPathComponent("model.bin")) }
        _ = try await perform("files.get-metadata") { try await files.metadata(model) }
        try await perform("files.get-directory-metadata") { try await files.directoryMetadata(Self.volumeFolder) }
        _ = try await perform("files.list-directory") { try await files.listDirectory(Self.volumeFolder, pageSize: nil, pageToken: nil) }
        try await perform("files.delete") { try await files.delete(model) }
        try await perform("files.delete-directory") { try await files.deleteDirectory(Self.volumeFolder) }

        let clusters = databricks.clusters
        _ = try await perform("clusters.get") { try await clusters.get(clusterId: Self.cluster) }
        let startError = try await perform("clusters.start") { () async -> (any Error)? in
            do {
                try await clusters.start(clusterId: Self.cluster)
                return nil
            } catch {
                return error
            }
        }
        guard let startError = startError as? DatabricksError, startError.code == .invalidState else {
            throw UnexpectedAnswer(operation: "clusters.start", detail: "\(String(describing: startError))")
        }

        let jobs = databricks.jobs
        let jobId = try await perform("jobs.create") { try await jobs.create(Self.settings) }
        try await perform("jobs.reset") { try await jobs.reset(jobId: jobId, settings: Self.settings) }
        _ = try await perform("jobs.get") { try await jobs.get(jobId: jobId) }
        _ = try await perform("jobs.list") { try await jobs.list(JobsListQuery(name: Self.jobName, limit: 100)) }
        let runId = try await perform("jobs.run-now") {
            try await jobs.runNow(RunNow(jobId: jobId, idempotencyToken: "conformance-run-7", jobParameters: ["build_number": "7"])).runId
        }
        let finished = try await perform("wait") { try await RunWaiter(jobs: jobs, polling: Self.polling).wait(for: runId) }
        guard finished.succeeded else { throw UnexpectedAnswer(operation: "wait", detail: "the run ended \(finished.run.state)") }
        let run = try await perform("jobs.runs.get") { try await jobs.getRun(runId: runId) }
        guard let taskRun = run.tasks?.first?.runId else { throw UnexpectedAnswer(operation: "jobs.runs.get", detail: "no task run") }
        _ = try await perform("jobs.runs.get-output") { try await jobs.getRunOutput(runId: taskRun) }
        _ = try await perform("jobs.runs.list") { try await jobs.listRuns(RunsListQuery(jobId: jobId, limit: 25)) }
        try await perform("jobs.runs.cancel") { try await jobs.cancelRun(runId: runId) }
        try await perform("jobs.delete") { try await jobs.delete(jobId: jobId) }
        try await perform("workspace.delete") { try await workspace.delete(Self.folder, recursive: true) }

        let secrets = databricks.secrets
        try await perform("secrets.scopes.create") { try await secrets.createScope("conformance") }
        try await perform("secrets.put") { try await secrets.put(scope: "conformance", key: "token", value: Data("value".utf8)) }
        _ = try await perform("secrets.list") { try await secrets.listSecrets(scope: "conformance") }
        _ = try await perform("secrets.scopes.list") { try await secrets.listScopes() }
        try await perform("secrets.delete") { try await secrets.delete(scope: "conformance", key: "token") }
        try await perform("secrets.scopes.delete") { try await secrets.deleteScope("conformance") }
        return recorded
    }

    /// Quick polls: the wait's requests are not compared, only its end matters.
    private static let polling = RunPolling(initialInterval: .milliseconds(20), maximumInterval: .milliseconds(100), growth: 2)

    struct UnexpectedAnswer: Error, CustomStringConvertible {
        var operation: String
        var detail: String
        var description: String { "\(operation) through Kiln's client: \(detail)" }
    }
}
