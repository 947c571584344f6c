import Foundation
import KilnAPI
import Testing

@testable import KilnEngine

/// The Databricks CLI that pipelines use today (`databricks-cli==0.18.0`, the legacy Python CLI)
/// against `kiln serve`, command by command, each output checked.
///
/// The legacy CLI drops the port of DATABRICKS_HOST (it keeps only the host name), so it reaches
/// the server's ephemeral port through HTTP_PROXY, which it honours, with a host name that is
/// never resolved.
@Suite("Server: the legacy Databricks CLI", .timeLimit(.minutes(3)))
struct LegacyCLITests {
    struct CLI {
        let api: ServerAPI
        let home: TemporaryFolder

        func callAsFunction(_ arguments: String...) async throws -> ProcessResult {
            let environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "HOME": home.url.path, "HTTP_PROXY": api.baseURL, "http_proxy": api.baseURL, "NO_PROXY": "", "no_proxy": "",
                "DATABRICKS_HOST": "http://kiln-serve.invalid", "DATABRICKS_TOKEN": api.token,
            ]
            let result = try await runProcess(try PeerTools.tool("databricks"), arguments, environment: environment)
            #expect(result.status == 0, "databricks \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }
    }

    /// An integer field of the JSON a command printed.
    static func field(_ name: String, of result: ProcessResult) throws -> Int? {
        (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?[name] as? Int
    }

    @Test func workspaceCommands() async throws {
        let local = TemporaryFolder()
        let notebooks = [
            "train.R": "# Databricks notebook source\nmodel <- lm(mpg ~ wt, data = mtcars)\n",
            "score.py": "# Databricks notebook source\nprint('score')\n\n# COMMAND ----------\n\nx = 1\n",
            "lib/helpers.py": "# Databricks notebook source\ndef helper():\n    return 1\n",
        ]
        for (name, text) in notebooks { try local.write("src/\(name)", text) }
        try await ServerFixture.run { api in
            let cli = CLI(api: api, home: TemporaryFolder())
            _ = try await cli("workspace", "mkdirs", "/Shared/ci")
            let imported = try await cli("workspace", "import_dir", local.path("src").path, "/Shared/ci/model")
            #expect(imported.stdout.contains("-> /Shared/ci/model/train"))
            #expect(
                try await cli("workspace", "ls", "/Shared/ci/model").stdout.split(separator: "\n").sorted() == ["lib", "score", "train"])
            #expect(try await api.engine.databricks.workspace.status("/Shared/ci/model/train").language == .r)

            _ = try await cli("workspace", "export_dir", "/Shared/ci/model", local.path("back").path)
            #expect(try String(contentsOf: local.path("back/train.r"), encoding: .utf8) == notebooks["train.R"])
            #expect(try String(contentsOf: local.path("back/score.py"), encoding: .utf8) == notebooks["score.py"])
            #expect(try String(contentsOf: local.path("back/lib/helpers.py"), encoding: .utf8) == notebooks["lib/helpers.py"])

            _ = try await cli("workspace", "rm", "-r", "/Shared/ci/model")
            #expect(try await cli("workspace", "ls", "/Shared/ci").stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
    }

    /// The CLI sends a file under 2 GB as one multipart `put`: 20 MB is past any JSON body's limit.
    @Test func fsCommandsCopyATwentyMegabyteFileInOnePut() async throws {
        let local = TemporaryFolder()
        let big = Data.pattern(20 * 1024 * 1024 + 17)
        try FileManager.default.createDirectory(at: local.path("data/nested"), withIntermediateDirectories: true)
        try big.write(to: local.path("data/model.rds"))
        try local.write("data/nested/test.csv", "mpg,wt\n21,2.62\n")
        try await ServerFixture.run { api in
            let cli = CLI(api: api, home: TemporaryFolder())
            _ = try await cli("fs", "cp", "-r", local.path("data").path, "dbfs:/build/repo/1")
            let listing = try await cli("fs", "ls", "-l", "dbfs:/build/repo/1")
            #expect(listing.stdout.contains("file  \(big.count)  model.rds"))
            #expect(listing.stdout.contains("nested"))
            _ = try await cli("fs", "cp", "-r", "dbfs:/build/repo/1", local.path("back").path)
            #expect(try Data(contentsOf: local.path("back/model.rds")) == big)
            #expect(try String(contentsOf: local.path("back/nested/test.csv"), encoding: .utf8) == "mpg,wt\n21,2.62\n")
        }
    }

    @Test func jobsAndRunsCommands() async throws {
        let local = TemporaryFolder()
        try await ServerFixture.run { api in
            let cli = CLI(api: api, home: TemporaryFolder())
            try await api.engine.databricks.workspace.mkdirs("/Shared/ci")
            try await api.engine.databricks.workspace.importObject(
                WorkspaceImport(
                    path: "/Shared/ci/hello",
                    content: Data(
                        """
                        # Databricks notebook source
                        who = dbutils.widgets.get("who")
                        print("hello", who)
                        dbutils.notebook.exit("hi " + who)
                        """.utf8), language: .python))
            try await api.engine.databricks.workspace.importObject(
                WorkspaceImport(
                    path: "/Shared/ci/long",
                    content: Data(
                        """
                        # Databricks notebook source
                        import time
                        time.sleep(600)
                        """.utf8), language: .python))
            let settings = try local.write(
                "job.json",
                """
                {"name": "legacy-job", "existing_cluster_id": "0123-456789-abcdefgh", "max_concurrent_runs": 2,
                 "notebook_task": {"notebook_path": "/Shared/ci/hello", "base_parameters": {"who": "base"}}}
                """)
            let created = try await cli("jobs", "create", "--json-file", settings.path)
            let jobId = try #require(try Self.field("job_id", of: created))
            #expect(try await cli("jobs", "list").stdout.contains("\(jobId)  legacy-job"))

            let reset = try local.write(
                "reset.json",
                """
                {"job_id": \(jobId), "new_settings": {"name": "legacy-job-v2", "existing_cluster_id": "0123-456789-abcdefgh",
                 "max_concurrent_runs": 2, "notebook_task": {"notebook_path": "/Shared/ci/hello", "base_parameters": {"who": "base"}}}}
                """)
            _ = try await cli("jobs", "reset", "--job-id", String(jobId), "--json-file", reset.path)
            #expect(try await cli("jobs", "get", "--job-id", String(jobId)).stdout.contains("\"name\": \"legacy-job-v2\""))

            let started = try await cli("jobs", "run-now", "--job-id", String(jobId), "--notebook-params", #"{"who": "ci"}"#)
            let runId = try #require(try Self.field("run_id", of: started))
            _ = try await api.engine.waitForEnd(of: Int64(runId))
            let run = try await cli("runs", "get", "--run-id", String(runId))
            #expect(run.stdout.contains("\"life_cycle_state\": \"TERMINATED\""))
            #expect(run.stdout.contains("\"result_state\": \"SUCCESS\""))
            let output = try await cli("runs", "get-output", "--run-id", String(runId))
            #expect(output.stdout.contains("\"result\": \"hi ci\""))
            #expect(try await cli("runs", "list", "--job-id", String(jobId)).stdout.contains("TERMINATED  SUCCESS"))

            let longJob = try await api.engine.databricks.jobs.create(
                JobSettings(
                    name: "long",
                    tasks: [
                        JobTask(taskKey: "long", notebookTask: NotebookTask(notebookPath: "/Shared/ci/long"))
                    ]))
            let longRun = try await api.engine.databricks.jobs.runNow(RunNow(jobId: longJob)).runId
            _ = try await api.engine.waitForRun(longRun) { $0.state.lifeCycleState == .running }
            _ = try await cli("runs", "cancel", "--run-id", String(longRun))
            #expect(try await api.engine.waitForEnd(of: longRun).state.resultState == .canceled)
            #expect(try await cli("runs", "get", "--run-id", String(longRun)).stdout.contains("\"result_state\": \"CANCELED\""))
        }
    }
}
