import Foundation
import KilnReports

/// The settings of a repository's builds, read from `kiln.yml` at the repository's root.
///
/// ```yaml
/// repo: r-model                      # default: the CI's repository name, else git's origin, else the folder name
/// changes:
///   paths: ["databricks/**", "models/**"]  # a build is needed when a changed file matches one of these
///                                    # (default: the notebooks folder and the artifacts)
///   base: main                       # the base ref when neither --base nor the CI names one
/// notebooks: databricks              # the folder whose notebooks (.py .r .R .sql .scala .ipynb) are imported
///                                    # (default: databricks)
/// artifacts: ["models/**", "tests/**", "data/**"]   # files copied to storage (default: none)
/// workspace_root: /Shared/build      # the default
/// storage_root: dbfs:/kiln/build     # the default; or /Volumes/<catalog>/<schema>/<volume>/<folder>
/// job:                               # required
///   template: databricks/job-template.json   # required: Jobs API JSON (JobSettings) with placeholders
///   notebook: run_tests              # required: relative to the notebooks folder, extension optional
///   parameters:                      # notebook parameters of the run; the values are templates
///     model_path: "{{build.storage_dir}}/models/model.rds"
///   timeout: 20m                     # 90s, 20m, 1h30m; default 30m
/// variables:                         # more template values, used as {{var.cluster_id}}
///   cluster_id: "${DATABRICKS_CLUSTER_ID}"
/// results:
///   path: "results/**/*.xml"         # the default: the tests' JUnit XML, under the build's storage folder
///   output: kiln-results/junit.xml   # the default: the merged file, for the CI
/// keep: never                        # never (default) | on_failure | always: keep the build's folders
/// retention: { keep_last: 10, max_age_days: 14 }   # the defaults: which older builds survive cleanup
/// targets:                           # `local` (the embedded engine) always exists; others are workspaces
///   local: { state: .kiln/engine }
///   staging: { host: "https://adb-123.azuredatabricks.net", profile: ci }
/// target: local                      # the default target
/// ```
///
/// Paths are relative to the folder of `kiln.yml`, except `results.path`, which is relative to the
/// build's storage folder. Templates may use `${ENV_VAR}`, and `{{build.id}}`, `{{build.workspace_dir}}`,
/// `{{build.storage_dir}}`, `{{build.notebook_path}}`, `{{repo.name}}`, `{{git.commit}}`,
/// `{{git.branch}}` and `{{var.NAME}}`; Databricks' own references (`{{job.run_id}}`, …) are left alone.
///
/// Loading checks everything that can be checked without running anything: unknown keys (with the
/// closest known key suggested), types, required keys, the template and notebook files, globs,
/// durations, roots and target names; each error names the file, line, column and key path.
public struct KilnConfig: Sendable, Hashable {
    public static let fileName = "kiln.yml"

    /// The file this configuration was read from.
    public var file: URL
    /// The repository's name, when `kiln.yml` says it; already checked to be a safe folder name.
    public var repo: String?
    public var changes: ChangeRules
    /// The folder whose notebooks are imported into the build's workspace folder.
    public var notebooks: URL
    /// The files copied to the build's storage folder.
    public var artifacts: [Glob]
    /// The workspace folder under which each build gets `<repo>/<build-id>/`.
    public var workspaceRoot: String
    /// The storage folder (`dbfs:/…` or `/Volumes/…`) under which each build gets `<repo>/<build-id>/`.
    public var storageRoot: String
    public var job: JobConfig
    /// Template values for `{{var.NAME}}`, themselves templates of `${…}` and the build, repo and git names.
    public var variables: [String: TemplateText]
    public var results: ResultsConfig
    public var keep: KeepPolicy
    public var retention: RetentionPolicy
    /// Every target by name; `local` is always there.
    public var targets: [String: Target]
    /// The target used when `--target` names none.
    public var defaultTarget: String

    /// The folder holding `kiln.yml`, against which its relative paths are resolved.
    public var directory: URL { file.deletingLastPathComponent() }

    /// The target to build on: the one `--target` names, else the file's `target:` (default `local`).
    public func target(named flag: String?) throws(ConfigError) -> Target {
        let name = flag ?? defaultTarget
        guard let target = targets[name] else {
            throw ConfigError(.unknownTarget(name, known: targets.keys.sorted()), at: CodeLocation(file: file.relativePath))
        }
        return target
    }
}
