import Foundation
import KilnAPI
import KilnReports
import Testing

@testable import KilnPipeline

extension PipelineTests {
    @Suite("Pipeline: template rendering")
    struct TemplateRendererTests {
        static let context = BuildContext(
            repo: "r-model", buildID: "42", commit: "0123abc", branch: "feature/x", baseRef: "main",
            triggeredBy: "ada", ci: nil, workspaceDir: "/Shared/build/r-model/42",
            storageDir: "dbfs:/kiln/build/r-model/42", notebookPath: "/Shared/build/r-model/42/run_tests")

        static let environment = ["DATABRICKS_CLUSTER_ID": "0123-456789-abcdef", "EMPTY": ""]

        private func renderer(
            variables: [String: String] = ["cluster_id": "${DATABRICKS_CLUSTER_ID}"], context: BuildContext = context
        ) throws -> TemplateRenderer {
            try TemplateRenderer(
                context: context,
                variables: variables.mapValues { TemplateText($0, origin: CodeLocation(file: "kiln.yml", line: 9, column: 15)) },
                environment: Self.environment)
        }

        private func text(_ text: String) -> TemplateText {
            TemplateText(text, origin: CodeLocation(file: "template.txt", line: 1, column: 1))
        }

        @Test func fillsEveryNameOfOurs() throws {
            let rendered = try renderer().render(
                text(
                    """
                    {{build.id}} {{build.workspace_dir}} {{build.storage_dir}} {{build.notebook_path}}
                    {{repo.name}} {{git.commit}} {{git.branch}} {{ var.cluster_id }} ${DATABRICKS_CLUSTER_ID}
                    """))
            #expect(
                rendered == """
                    42 /Shared/build/r-model/42 dbfs:/kiln/build/r-model/42 /Shared/build/r-model/42/run_tests
                    r-model 0123abc feature/x 0123-456789-abcdef 0123-456789-abcdef
                    """)
        }

        @Test func leavesDatabricksReferencesAndOtherTextAlone() throws {
            let template =
                "{{job.id}} {{job.run_id}} {{task.run_id}} {{run_id}} {{job.parameters.model_path}} "
                + "{{tasks.train.values.auc}} {{job.start_time.iso_date}} $HOME ${not valid} {{ unclosed"
            #expect(try renderer().render(text(template)) == template)
        }

        @Test func variablesMayUseTheBuildsNames() throws {
            let rendered = try renderer(variables: ["data": "{{build.storage_dir}}/data/${DATABRICKS_CLUSTER_ID}"])
                .render(text("{{var.data}}"))
            #expect(rendered == "dbfs:/kiln/build/r-model/42/data/0123-456789-abcdef")
        }

        @Test func anUndefinedNameIsReportedAtItsUseWithTheDefinedNames() throws {
            let error = try #require(throws: TemplateError.self) {
                try renderer().render(text("line one\n  \"cluster\": \"{{var.clustr}}\""))
            }
            #expect(
                error
                    == .undefinedVariable(
                        "var.clustr", at: CodeLocation(file: "template.txt", line: 2, column: 15),
                        defined: [
                            "build.id", "build.notebook_path", "build.storage_dir", "build.workspace_dir", "git.branch",
                            "git.commit", "repo.name", "var.cluster_id",
                        ]))
            #expect(
                error.description == "template.txt:2:15: `{{var.clustr}}` is not defined; define `clustr` under "
                    + "`variables:` in kiln.yml, or fix the name. Defined: build.id, build.notebook_path, "
                    + "build.storage_dir, build.workspace_dir, git.branch, git.commit, repo.name, var.cluster_id")
        }

        @Test func aNameWithoutAValueIsUndefined() throws {
            var detached = Self.context
            detached.branch = nil
            let error = try #require(throws: TemplateError.self) {
                try renderer(context: detached).render(text("{{git.branch}}"))
            }
            #expect(
                error.description.hasPrefix(
                    "template.txt:1:1: `{{git.branch}}` is not defined; fix the name. "
                        + "Defined: build.id, "))
        }

        @Test func anUnsetEnvironmentVariableIsReportedWhereTheVariableUsesIt() throws {
            let error = try #require(throws: TemplateError.self) {
                try renderer(variables: ["token": "prefix-${MISSING}", "empty": "${EMPTY}"])
            }
            #expect(error == .unsetEnvironmentVariable("EMPTY", at: CodeLocation(file: "kiln.yml", line: 9, column: 15)))
            #expect(
                error.description == "kiln.yml:9:15: the environment variable `EMPTY` is not set (or empty); "
                    + "set it in the CI's variables or the shell that runs kiln, or give a default: ${EMPTY:-value}")

            let inTemplate = try #require(throws: TemplateError.self) { try renderer().render(text("a\nb ${MISSING}")) }
            #expect(inTemplate == .unsetEnvironmentVariable("MISSING", at: CodeLocation(file: "template.txt", line: 2, column: 3)))
        }

        @Test func anEnvironmentVariableMayHaveADefault() throws {
            let rendered = try renderer(variables: ["cluster_id": "${UNSET:-0000-000000-kilnlocal}"]).render(
                text("{{var.cluster_id}} ${EMPTY:-fallback} ${DATABRICKS_CLUSTER_ID:-unused} ${UNSET:-}"))
            #expect(rendered == "0000-000000-kilnlocal fallback 0123-456789-abcdef ")
        }

        @Test func aVariableCannotUseAnotherVariable() throws {
            let error = try #require(throws: TemplateError.self) {
                try renderer(variables: ["a": "x", "b": "{{var.a}}"])
            }
            #expect(error == .variableInVariable("var.a", at: CodeLocation(file: "kiln.yml", line: 9, column: 15)))
        }

        @Test func aJobTemplateRendersToJobSettingsAndParameters() throws {
            let repository = try TestRepository(
                config: TestRepository.minimalConfig + """

                      parameters:
                        model_path: "{{build.storage_dir}}/models/model.rds"
                        run: "{{job.run_id}}"
                    """)
            let config = try repository.loadConfig()

            let job = try renderer().renderJob(config.job)
            #expect(job.settings.name == "build-r-model")
            let task = try #require(job.settings.tasks?.first)
            #expect(task.existingClusterId == "0123-456789-abcdef")
            #expect(task.notebookTask?.notebookPath == "/Shared/build/r-model/42/run_tests")
            #expect(task.notebookTask?.baseParameters == ["run": "{{job.run_id}}", "commit": "0123abc"])
            #expect(job.parameters == ["model_path": "dbfs:/kiln/build/r-model/42/models/model.rds", "run": "{{job.run_id}}"])
        }

        @Test func valuesAreEscapedForJSON() throws {
            let repository = try TestRepository()
            let tricky = "say \"hi\" \\ and a tab\tand a line\nbreak \u{1}"
            let job = try renderer(variables: ["cluster_id": tricky]).renderJob(repository.loadConfig().job)
            #expect(job.settings.tasks?.first?.existingClusterId == tricky)
        }

        @Test func aTemplateThatIsNotAJobNamesTheFileAndTheKey() throws {
            let repository = try TestRepository(template: #"{"name": "x", "tasks": [{"notebook_task": {"notebook_path": "p"}}]}"#)
            let error = try #require(throws: TemplateError.self) {
                try renderer().renderJob(repository.loadConfig().job)
            }
            #expect(
                error.description == "databricks/job-template.json: the rendered template is not valid job settings "
                    + "(Jobs API JSON): at `tasks.0`: the key `task_key` is missing; fix the template")
        }

        @Test func brokenJSONNamesTheLine() throws {
            let repository = try TestRepository(template: "{\n  \"name\": \"x\",\n  \"tasks\": [oops]\n}")
            let error = try #require(throws: TemplateError.self) {
                try renderer().renderJob(repository.loadConfig().job)
            }
            guard case .invalidJobSettings(let location, let reason) = error else {
                Issue.record("expected invalid job settings, got \(error)")
                return
            }
            #expect(location == CodeLocation(file: "databricks/job-template.json", line: 3))
            #expect(reason.hasPrefix("not valid JSON: "), "\(reason)")
        }

        @Test func anUndefinedNameInTheTemplateFileIsReportedAtItsLineAndColumn() throws {
            let repository = try TestRepository(template: "{\n  \"name\": \"build-{{repo.nam}}\"\n}")
            let error = try #require(throws: TemplateError.self) {
                try renderer().renderJob(repository.loadConfig().job)
            }
            guard case .undefinedVariable(let name, let location, _) = error else {
                Issue.record("expected an undefined variable, got \(error)")
                return
            }
            #expect(name == "repo.nam")
            #expect(location == CodeLocation(file: "databricks/job-template.json", line: 2, column: 18))
        }

        @Test func aParameterOfKilnYmlIsReportedAtItsLineAndColumn() throws {
            let repository = try TestRepository(
                config: TestRepository.minimalConfig + """

                      parameters:
                        data: '{{build.storage_dir}}/${NO_SUCH_VARIABLE}'
                    """)
            let error = try #require(throws: TemplateError.self) {
                try renderer().renderJob(repository.loadConfig().job)
            }
            #expect(error == .unsetEnvironmentVariable("NO_SUCH_VARIABLE", at: CodeLocation(file: "kiln.yml", line: 5, column: 34)))
        }
    }
}
