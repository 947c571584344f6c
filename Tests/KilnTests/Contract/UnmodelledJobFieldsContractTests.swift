import Foundation
import KilnAPI
import Testing

/// Job settings Kiln does not model (other task types, health rules, notifications, a SQL
/// warehouse, fields Databricks has not invented yet) are stored and returned as they were sent,
/// on both targets, as Databricks does.
@Suite("Contract: job fields Kiln does not model", .serialized, .timeLimit(.minutes(1)))
struct UnmodelledJobFieldsContractTests {
    /// The settings as a template writes them; the engine's defaults (`format`, the concurrency
    /// and timeout) are spelled out, so what comes back must be equal as a whole.
    static let settings = """
        {
          "name": "build-r-model",
          "performance_target": "STANDARD",
          "health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 3600}]},
          "email_notifications": {"on_failure": ["ml-team@example.com"], "no_alert_for_skipped_runs": true},
          "kiln_field_of_the_future": {"weights": [1, 2.5, -3e-2], "note": null, "enabled": false},
          "tasks": [
            {
              "task_key": "score",
              "notebook_task": {"notebook_path": "/Shared/scripts/ok", "warehouse_id": "30dade0507d960d1"},
              "health": {"rules": [{"metric": "STREAMING_BACKLOG_BYTES", "op": "GREATER_THAN", "value": 1099511627776}]},
              "email_notifications": {"on_success": ["ada@example.com"]}
            },
            {
              "task_key": "sweep",
              "depends_on": [{"task_key": "score"}],
              "for_each_task": {
                "inputs": "[0.1, 0.01]",
                "concurrency": 2,
                "task": {"task_key": "sweep_iteration", "notebook_task": {"notebook_path": "/Shared/scripts/ok"}}
              }
            }
          ],
          "max_concurrent_runs": 1,
          "timeout_seconds": 0,
          "format": "MULTI_TASK"
        }
        """

    static func document(_ text: String = settings) throws -> JSONObject {
        try #require(try JSONValue(parsing: Data(text.utf8)).objectValue)
    }

    @Test(arguments: ContractTarget.allCases)
    func createGetAndListKeepEveryField(_ target: ContractTarget) async throws {
        let sent = try Self.document()
        try await target.run { world in
            let jobId = try await world.jobs.create(JobSettings(document: sent))
            let stored = try await world.jobs.get(jobId: jobId).settings.document
            #expect(stored == sent)
            #expect(stored["health"] == sent["health"])
            #expect(stored["kiln_field_of_the_future"]?.objectValue?["weights"] == .array([.integer(1), .number(2.5), .number(-0.03)]))
            // What the client sent reached the engine's store in the order it was written.
            #expect(try await world.engine.databricks.jobs.get(jobId: jobId).settings.document.keys == sent.keys)
            let listed = try await world.jobs.list(JobsListQuery(name: "build-r-model", expandTasks: true)).jobs?.first?.settings.document
            #expect(listed == sent)
        }
    }

    /// `access_control_list` is taken by create only and is not a setting: neither target stores it,
    /// and a reset (which Kiln sends without it) keeps every other field.
    @Test(arguments: ContractTarget.allCases)
    func resetKeepsEveryFieldAndTheAccessListIsNoSetting(_ target: ContractTarget) async throws {
        var document = try Self.document()
        document["access_control_list"] = .array([.object(["group_name": "ml-team", "permission_level": "CAN_MANAGE_RUN"])])
        let created = document
        document["performance_target"] = "PERFORMANCE_OPTIMIZED"
        document["tasks"] = .array([.object(["task_key": "score", "notebook_task": .object(["notebook_path": "/Shared/scripts/ok"])])])
        let reset = document
        try await target.run { world in
            let jobId = try await world.jobs.create(JobSettings(document: created))
            #expect(try await world.jobs.get(jobId: jobId).settings.document == created.removingAccessList())
            try await world.jobs.reset(jobId: jobId, settings: JobSettings(document: reset))
            let stored = try await world.jobs.get(jobId: jobId).settings.document
            #expect(stored == reset.removingAccessList())
            #expect(stored["access_control_list"] == nil)
            #expect(stored["health"] == created["health"])
        }
    }
}

extension JSONObject {
    fileprivate func removingAccessList() -> JSONObject {
        var object = self
        object.removeValue(forKey: "access_control_list")
        return object
    }
}
