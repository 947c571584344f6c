import Foundation
import KilnAPI
import KilnServer
import Testing

/// The current Python SDK (`databricks-sdk`) against `kiln serve`, used as its documentation shows.
@Suite("Server: the Databricks Python SDK", .timeLimit(.minutes(3)))
struct PythonSDKTests {
    static let script = #"""
        import io, os, sys
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service import jobs, workspace

        host, auth = sys.argv[1], sys.argv[2]
        if auth == "pat":
            w = WorkspaceClient(host=host, token=os.environ["KILN_TEST_TOKEN"])
        else:
            w = WorkspaceClient(host=host, client_id=os.environ["KILN_TEST_CLIENT_ID"], client_secret=os.environ["KILN_TEST_CLIENT_SECRET"])

        w.workspace.mkdirs("/Shared/sdk")
        notebook = b'# Databricks notebook source\nwho = dbutils.widgets.get("who")\nprint("hello", who)\ndbutils.notebook.exit("hi " + who)\n'
        w.workspace.upload("/Shared/sdk/hello.py", io.BytesIO(notebook), format=workspace.ImportFormat.SOURCE,
                           language=workspace.Language.PYTHON, overwrite=True)
        print("listed", sorted(o.path for o in w.workspace.list("/Shared/sdk")))
        print("exported", w.workspace.download("/Shared/sdk/hello.py").read() == notebook)

        data = bytes((i * 31 + (i >> 8)) % 256 for i in range(5 * 1024 * 1024))
        w.dbfs.upload("/sdk/model.bin", io.BytesIO(data), overwrite=True)
        print("dbfs", w.dbfs.download("/sdk/model.bin").read() == data)
        w.files.upload("/Volumes/main/ci/models/model.bin", io.BytesIO(data), overwrite=True)
        print("volume", w.files.download("/Volumes/main/ci/models/model.bin").contents.read() == data)

        created = w.jobs.create(name="sdk-job", tasks=[jobs.Task(
            task_key="hello", existing_cluster_id="0123-456789-abcdefgh",
            notebook_task=jobs.NotebookTask(notebook_path="/Shared/sdk/hello.py", base_parameters={"who": "base"}))])
        run = w.jobs.run_now(job_id=created.job_id, job_parameters=None, notebook_params={"who": "sdk"}).result()
        print("run", run.state.life_cycle_state.value, run.state.result_state.value)
        output = w.jobs.get_run_output(run.tasks[0].run_id)
        print("output", output.notebook_output.result)
        print("logs", output.logs.strip())
        """#

    private func runScript(auth: String, oauthClient: OAuthClient? = nil) async throws -> String {
        let folder = TemporaryFolder()
        let script = try folder.write("sdk.py", Self.script)
        return try await ServerFixture.run(oauthClient: oauthClient) { api in
            var environment = [
                "HOME": folder.url.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "KILN_TEST_TOKEN": api.token,
            ]
            if let oauthClient {
                environment["KILN_TEST_CLIENT_ID"] = oauthClient.id
                environment["KILN_TEST_CLIENT_SECRET"] = oauthClient.secret
            }
            let result = try await runProcess(try PeerTools.tool("python"), [script.path, api.baseURL, auth], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("Traceback"), "\(result.stderr)")
            return result.stdout
        }
    }

    @Test func workspaceStorageAndJobsWithAToken() async throws {
        let output = try await runScript(auth: "pat")
        #expect(
            output == """
                listed ['/Shared/sdk/hello.py']
                exported True
                dbfs True
                volume True
                run TERMINATED SUCCESS
                output hi sdk
                logs hello sdk

                """)
    }

    @Test func oauthMachineToMachineForAServicePrincipal() async throws {
        let client = OAuthClient(id: "ci-principal", secret: ServerConfiguration.generateToken())
        let output = try await runScript(auth: "oauth", oauthClient: client)
        #expect(output.contains("run TERMINATED SUCCESS"))
        #expect(output.contains("output hi sdk"))
    }
}
