import Foundation

/// The `kiln.yml` that `kiln init` writes: every key it sets, with a comment that says what it
/// does, so the file teaches its own format.
struct KilnYAMLText {
    var settings: InitPlan.Settings

    var text: String {
        let runner = settings.runners[0]
        var lines = [
            "# Kiln's settings for this repository, written by `kiln init`: every pull request that changes the",
            "# notebooks, the model, its data or its tests runs the tests on Databricks before it merges.",
            "#   kiln build --force                 the whole pipeline now, on the embedded engine on this machine",
            "#   kiln build --target workspace      on the Databricks workspace (DATABRICKS_HOST and credentials)",
            "# Every key: the README's \"kiln.yml reference\", or kiln --help.",
            "",
            "# The repository's name: each build's folders are <root>/\(settings.repo)/<build-id>/ and its job is build-\(settings.repo).",
            "repo: \(YAMLText.quoted(settings.repo))",
            "",
            "# A build runs when a pull request changes one of these paths (against its merge base with `base`).",
            "changes:",
            "  paths: \(YAMLText.flowList(settings.changePaths))",
            "  base: \(YAMLText.quoted(settings.base))",
            "",
            "# The notebooks imported into the build's workspace folder (every .py .R .sql .scala .ipynb below it).",
            "notebooks: \(YAMLText.quoted(settings.notebooks.isEmpty ? "." : settings.notebooks))",
            "",
            "# The files copied to the build's storage folder, keeping their paths: the model, its data, the tests.",
            "artifacts: \(YAMLText.flowList(settings.artifacts))",
            "",
            "# Where builds go: <workspace_root>/<repo>/<build-id>/ in the workspace, <storage_root>/<repo>/<build-id>/ in storage.",
            "# On a Unity Catalog workspace without DBFS, use a volume: /Volumes/<catalog>/<schema>/<volume>/kiln",
            "workspace_root: /Shared/build",
            "storage_root: \(YAMLText.quoted(settings.storageRoot))",
            "",
            "job:",
            "  # The Databricks job (Jobs API settings) the build runs; {{…}} placeholders are filled per build.",
            "  template: \(YAMLText.quoted(settings.template))",
            "  # The notebook the job runs ({{build.notebook_path}}), in the notebooks folder.",
            "  notebook: \(YAMLText.quoted(runner.workspaceName))",
            "  # The run's notebook parameters (the runners' widgets); {{build.storage_dir}} is where the artifacts are.",
            "  parameters:",
        ]
        var written: Set<String> = []
        for runner in settings.runners {
            for (name, value) in runner.parameters where written.insert(name).inserted {
                let comment = value == nil ? "   # set this: \(runner.file) reads it, and kiln init cannot tell its value" : ""
                lines.append("    \(name): \(YAMLText.quoted(value ?? ""))\(comment)")
            }
        }
        lines += [
            "  # The run is cancelled after this long.",
            "  timeout: 30m",
            "",
            "variables:",
            "  # The cluster the tests run on, from \(settings.clusterVariable); the embedded engine runs any.",
            "  cluster_id: \(YAMLText.quoted("${\(settings.clusterVariable):-0000-000000-kilnlocal}"))",
            "",
            "# The tests' JUnit files, below the build's storage folder, merged into `output` for the CI.",
            "results:",
            "  path: \"results/**/*.xml\"",
            "  output: kiln-results/junit.xml",
            "",
            "# A failed build's folders are kept to look into; cleanup keeps the last 5 builds for up to 14 days.",
            "keep: on_failure",
            "retention: { keep_last: 5, max_age_days: 14 }",
            "",
            "# Where builds run: `local`, the embedded engine (state in .kiln/engine), or `workspace`: the host from",
            "# DATABRICKS_HOST (or `host:`), the credentials as the Databricks CLI finds them (or `profile:`).",
            "targets:",
            "  local: { state: .kiln/engine }",
            "  workspace: {}",
            "target: local",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// YAML scalars written so that any path or name reads back as the same string.
enum YAMLText {
    /// A double-quoted scalar: JSON's escapes are YAML's.
    static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: text += String(format: "\\x%02X", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    static func flowList(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ", ") + "]"
    }
}
