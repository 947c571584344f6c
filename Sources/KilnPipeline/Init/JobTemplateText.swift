import Foundation

/// The job template `kiln init` writes when the repository has none: one task per test runner on
/// the cluster `{{var.cluster_id}}`, with the libraries its framework needs on a Databricks Runtime.
struct JobTemplateText {
    var settings: InitPlan.Settings

    var text: String {
        let tasks = settings.runners.enumerated().map { index, runner in
            // The first runner is `job.notebook`; the others are found beside it in the build's folder.
            let path = index == 0 ? "{{build.notebook_path}}" : "{{build.workspace_dir}}/\(runner.workspaceName)"
            let libraries = runner.suite.framework.libraries.map { "{ \(json($0.kind)): { \"package\": \(json($0.package)) } }" }
            return """
                    {
                      "task_key": \(json(runner.suite.framework.rawValue)),
                      "existing_cluster_id": "{{var.cluster_id}}",
                      "notebook_task": {
                        "notebook_path": \(json(path)),
                        "source": "WORKSPACE"
                      },
                      "libraries": [
                        \(libraries.joined(separator: ",\n        "))
                      ]
                    }
                """
        }
        return """
            {
              "name": "build-{{repo.name}}",
              "description": "The tests of {{repo.name}}, run by Kiln for each pull request",
              "max_concurrent_runs": 20,
              "timeout_seconds": 7200,
              "tasks": [
            \(tasks.joined(separator: ",\n"))
              ]
            }

            """
    }

    private func json(_ value: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: (try? encoder.encode(value)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
