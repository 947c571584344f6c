import Foundation
import KilnAPI
import KilnReports
import Testing

@testable import KilnPipeline

extension PipelineTests {
    /// The job template goes to the workspace as written: Kiln patches the fields it owns (name,
    /// tags, parameters, queue) in place and keeps every other field, its key order and its numbers.
    @Suite("Pipeline: the job template passes through", .timeLimit(.minutes(1)))
    struct JobTemplatePassThroughTests {
        static let template = """
            {
              "name": "build-{{repo.name}}",
              "tags": {"team": "ml"},
              "health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 3600}]},
              "tasks": [
                {
                  "task_key": "run_tests",
                  "notebook_task": {"notebook_path": "{{build.notebook_path}}", "warehouse_id": "30dade0507d960d1"},
                  "email_notifications": {"on_failure": ["ml-team@example.com"]},
                  "timeout_seconds": 1800
                }
              ],
              "access_control_list": [{"group_name": "ml-team", "permission_level": "CAN_VIEW"}],
              "a_field_from_next_year": {"ratio": 0.25, "count": 7}
            }
            """

        private func rendered() throws -> RenderedJob {
            let repository = try TestRepository(template: Self.template)
            let renderer = try TemplateRenderer(context: TemplateRendererTests.context, variables: [:], environment: [:])
            return try renderer.renderJob(repository.loadConfig().job)
        }

        @Test func renderingKeepsEveryFieldInOrder() throws {
            let document = try rendered().settings.document
            #expect(
                document.keys == ["name", "tags", "health", "tasks", "access_control_list", "a_field_from_next_year"])
            #expect(document["a_field_from_next_year"] == .object(["ratio": .number(0.25), "count": .integer(7)]))
            let task = try #require(document["tasks"]?.arrayValue?.first?.objectValue)
            #expect(task.keys == ["task_key", "notebook_task", "email_notifications", "timeout_seconds"])
            #expect(task["notebook_task"]?.objectValue?["warehouse_id"] == "30dade0507d960d1")
            #expect(task["timeout_seconds"] == .integer(1800))
        }

        @Test func theConfiguratorPatchesOnlyWhatKilnOwns() async throws {
            let rendered = try rendered()
            let configurator = JobConfigurator(jobs: try await EngineFixture().jobs, context: TemplateRendererTests.context)
            let settings = configurator.settings(for: rendered)
            var untouched = settings.document
            var original = rendered.settings.document
            for owned in ["name", "tags", "parameters", "queue"] {
                untouched.removeValue(forKey: owned)
                original.removeValue(forKey: owned)
            }
            #expect(untouched == original)
            #expect(untouched.keys == original.keys)
            #expect(settings.document.keys.prefix(2) == ["name", "tags"])
            #expect(settings.name == "build-r-model")
            #expect(settings.tags?["team"] == "ml")
            #expect(settings.tags?["kiln_build_id"] == "42")
            #expect(settings.queue == QueueSettings(enabled: true))
        }

        @Test func createThenResetOnTheEngineKeepEveryFieldButTheAccessList() async throws {
            let fixture = try await EngineFixture()
            let rendered = try rendered()
            let configurator = JobConfigurator(jobs: fixture.jobs, context: TemplateRendererTests.context)
            let first = try await configurator.configureAndStart(rendered)
            let second = try await configurator.configureAndStart(rendered)
            #expect(first.created && !second.created && first.jobId == second.jobId)
            var expected = configurator.settings(for: rendered).document
            expected.removeValue(forKey: "access_control_list")
            expected["format"] = "MULTI_TASK"
            expected["max_concurrent_runs"] = .integer(1)
            expected["timeout_seconds"] = .integer(0)
            #expect(try await fixture.jobs.get(jobId: first.jobId).settings.document == expected)
        }
    }
}
