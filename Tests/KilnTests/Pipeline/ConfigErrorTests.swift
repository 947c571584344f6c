import Foundation
import KilnReports
import Testing

@testable import KilnPipeline

extension PipelineTests {
    @Suite("Pipeline: kiln.yml errors")
    struct ConfigErrorTests {
        /// A bad `kiln.yml` and the exact error it must give.
        struct BadConfig: CustomTestStringConvertible, Sendable {
            var label: String
            var yaml: String
            var line: Int?
            var column: Int?
            var keyPath: String?
            var description: String
            var testDescription: String { label }
        }

        static let job = """
            job:
              template: databricks/job-template.json
              notebook: run_tests
            """

        static let badConfigs = [
            BadConfig(
                label: "unknown key, with the closest known key",
                yaml: job + "\n  timout: 20m", line: 4, column: 3, keyPath: "job.timout",
                description: "kiln.yml:4:3: at `job.timout`: unknown key `timout`; did you mean `timeout`?"),
            BadConfig(
                label: "unknown key, nothing close",
                yaml: "colour: blue\n" + job, line: 1, column: 1, keyPath: "colour",
                description: "kiln.yml:1:1: at `colour`: unknown key `colour`; the keys here are `repo`, `changes`, "
                    + "`notebooks`, `artifacts`, `workspace_root`, `storage_root`, `job`, `variables`, `results`, "
                    + "`keep`, `retention`, `targets`, `target`"),
            BadConfig(
                label: "unknown key of a target",
                yaml: job + "\ntargets:\n  local: { host: \"https://x\" }", line: 5, column: 12, keyPath: "targets.local.host",
                description: "kiln.yml:5:12: at `targets.local.host`: unknown key `host`; the keys here are `state`, `cran_repo`"),
            BadConfig(
                label: "a string where a list belongs",
                yaml: job + "\nartifacts: models/**", line: 4, column: 12, keyPath: "artifacts",
                description: "kiln.yml:4:12: at `artifacts`: expected a list, found `models/**`"),
            BadConfig(
                label: "a list where a mapping belongs",
                yaml: "job: [run_tests]", line: 1, column: 6, keyPath: "job",
                description: "kiln.yml:1:6: at `job`: expected a mapping, found a list"),
            BadConfig(
                label: "a string where a number belongs",
                yaml: job + "\nretention:\n  keep_last: ten", line: 5, column: 14, keyPath: "retention.keep_last",
                description: "kiln.yml:5:14: at `retention.keep_last`: expected a whole number, found `ten`"),
            BadConfig(
                label: "missing required key",
                yaml: "repo: r-model\njob:\n  notebook: run_tests", line: 2, column: 1, keyPath: "job.template",
                description: "kiln.yml:2:1: at `job.template`: the required key `template` is missing; add it"),
            BadConfig(
                label: "missing required section",
                yaml: "repo: r-model", line: nil, column: nil, keyPath: "job",
                description: "kiln.yml: at `job`: the required key `job` is missing; add it"),
            BadConfig(
                label: "the template does not exist",
                yaml: "job:\n  template: databricks/missing.json\n  notebook: run_tests", line: 2, column: 13,
                keyPath: "job.template",
                description: "kiln.yml:2:13: at `job.template`: `databricks/missing.json` does not exist (paths are "
                    + "relative to the folder of kiln.yml); fix the path or add the file"),
            BadConfig(
                label: "the notebook does not exist",
                yaml: "job:\n  template: databricks/job-template.json\n  notebook: run_all", line: 3, column: 13,
                keyPath: "job.notebook",
                description: "kiln.yml:3:13: at `job.notebook`: no notebook `run_all` in `databricks` (looked for .py, "
                    + ".r, .R, .sql, .scala, .ipynb); fix the name or add the notebook"),
            BadConfig(
                label: "a results glob that climbs out of the build folder",
                yaml: job + "\nresults:\n  path: \"../other/*.xml\"", line: 5, column: 9, keyPath: "results.path",
                description: "kiln.yml:5:9: at `results.path`: `../other/*.xml` reaches outside its folder with `..`; "
                    + "write a pattern relative to the build's storage folder, e.g. `results/**/*.xml`"),
            BadConfig(
                label: "an absolute results glob",
                yaml: job + "\nresults: { path: /results/*.xml }", line: 4, column: 18, keyPath: "results.path",
                description: "kiln.yml:4:18: at `results.path`: `/results/*.xml` is absolute; write a pattern relative "
                    + "to the build's storage folder, e.g. `results/**/*.xml`"),
            BadConfig(
                label: "an unclosed bracket in a change path",
                yaml: job + "\nchanges:\n  paths: [\"models/[ab\"]", line: 5, column: 11, keyPath: "changes.paths.0",
                description: "kiln.yml:5:11: at `changes.paths.0`: `models/[ab` has a `[` without its `]`; write a "
                    + "pattern relative to the repository, e.g. `models/**`"),
            BadConfig(
                label: "an empty list of change paths",
                yaml: job + "\nchanges: { paths: [] }", line: 4, column: 19, keyPath: "changes.paths",
                description: "kiln.yml:4:19: at `changes.paths`: the list is empty; list at least one pattern, e.g. "
                    + "`models/**`, or remove the key"),
            BadConfig(
                label: "an empty repo name",
                yaml: "repo: \"\"\n" + job, line: 1, column: 7, keyPath: "repo",
                description: "kiln.yml:1:7: at `repo`: the repository name is empty; write one, or remove `repo:` to "
                    + "take it from the CI or git"),
            BadConfig(
                label: "a repo name that is not a folder name",
                yaml: "repo: ../other\n" + job, line: 1, column: 7, keyPath: "repo",
                description: "kiln.yml:1:7: at `repo`: `../other` cannot be a folder name: use letters, digits, `-`, `_` "
                    + "and `.` only (and not `.` or `..`)"),
            BadConfig(
                label: "a timeout without units",
                yaml: job + "\n  timeout: 20 minutes", line: 4, column: 12, keyPath: "job.timeout",
                description: "kiln.yml:4:12: at `job.timeout`: `20 minutes` is not a duration; write it like 90s, 20m or 1h30m"),
            BadConfig(
                label: "a zero timeout",
                yaml: job + "\n  timeout: 0m", line: 4, column: 12, keyPath: "job.timeout",
                description: "kiln.yml:4:12: at `job.timeout`: the timeout must be longer than zero, e.g. 30m"),
            BadConfig(
                label: "a storage root of another file system",
                yaml: "storage_root: s3://bucket/kiln\n" + job, line: 1, column: 15, keyPath: "storage_root",
                description: "kiln.yml:1:15: at `storage_root`: `s3://bucket/kiln` is not a storage folder Kiln can use; "
                    + "write dbfs:/<folder> or /Volumes/<catalog>/<schema>/<volume>/<folder>"),
            BadConfig(
                label: "a volume without its schema",
                yaml: "storage_root: /Volumes/main\n" + job, line: 1, column: 15, keyPath: "storage_root",
                description: "kiln.yml:1:15: at `storage_root`: `/Volumes/main` is not a storage folder Kiln can use; "
                    + "write dbfs:/<folder> or /Volumes/<catalog>/<schema>/<volume>/<folder>"),
            BadConfig(
                label: "a relative workspace root",
                yaml: "workspace_root: Shared/build\n" + job, line: 1, column: 17, keyPath: "workspace_root",
                description: "kiln.yml:1:17: at `workspace_root`: `Shared/build` is not a workspace folder; write an "
                    + "absolute path such as /Shared/build"),
            BadConfig(
                label: "an unknown default target",
                yaml: job + "\ntargets:\n  staging: { profile: ci }\ntarget: prod", line: 6, column: 9, keyPath: "target",
                description: "kiln.yml:6:9: at `target`: unknown target `prod`; the targets are `local`, `staging`; "
                    + "define it under `targets:` or use one of these"),
            BadConfig(
                label: "a host that is not a URL",
                yaml: job + "\ntargets:\n  staging: { host: adb-123.azuredatabricks.net }", line: 5, column: 20,
                keyPath: "targets.staging.host",
                description: "kiln.yml:5:20: at `targets.staging.host`: `adb-123.azuredatabricks.net` is not a workspace "
                    + "URL; write it like https://adb-123.azuredatabricks.net"),
            BadConfig(
                label: "a CRAN mirror that is not a URL",
                yaml: job + "\ntargets:\n  local: { cran_repo: cran.example }", line: 5, column: 23,
                keyPath: "targets.local.cran_repo",
                description: "kiln.yml:5:23: at `targets.local.cran_repo`: `cran.example` is not a CRAN mirror's "
                    + "URL; write it like https://cloud.r-project.org"),
            BadConfig(
                label: "an unknown keep policy",
                yaml: job + "\nkeep: sometimes", line: 4, column: 7, keyPath: "keep",
                description: "kiln.yml:4:7: at `keep`: `sometimes` is not a keep policy; write one of `never`, "
                    + "`on_failure`, `always`"),
            BadConfig(
                label: "a negative retention",
                yaml: job + "\nretention: { max_age_days: -1 }", line: 4, column: 28, keyPath: "retention.max_age_days",
                description: "kiln.yml:4:28: at `retention.max_age_days`: `-1` is negative; write 0 or more"),
            BadConfig(
                label: "a variable name that cannot be used",
                yaml: job + "\nvariables:\n  cluster id: x", line: 5, column: 3, keyPath: "variables.cluster id",
                description: "kiln.yml:5:3: at `variables.cluster id`: `cluster id` cannot be used as {{var.cluster id}}; "
                    + "name variables with letters, digits, `_` and `-`"),
            BadConfig(
                label: "a template path outside the repository",
                yaml: "job:\n  template: ../job.json\n  notebook: run_tests", line: 2, column: 13, keyPath: "job.template",
                description: "kiln.yml:2:13: at `job.template`: `../job.json` must be a path inside the repository, "
                    + "relative to the folder of kiln.yml"),
            BadConfig(
                label: "a key written twice",
                yaml: "repo: a\nrepo: b\n" + job, line: 1, column: 1, keyPath: nil,
                description: "kiln.yml:1:1: the key `repo` appears more than once in the same mapping; keep one"),
            BadConfig(
                label: "not YAML",
                yaml: "job:\n  template: [databricks/job-template.json\n  notebook: run_tests", line: 3, column: 11,
                keyPath: nil,
                description: "kiln.yml:3:11: not valid YAML: did not find expected ',' or ']', while parsing a flow "
                    + "sequence that starts at line 2"),
            BadConfig(
                label: "not a mapping",
                yaml: "- job", line: 1, column: 1, keyPath: nil,
                description: "kiln.yml:1:1: expected a mapping, found a list"),
        ]

        @Test(arguments: badConfigs)
        func namesTheFileTheLineTheKeyAndTheFix(_ bad: BadConfig) throws {
            let repository = try TestRepository(config: bad.yaml)
            let error = try #require(throws: ConfigError.self) { try repository.loadConfig() }

            #expect(error.location == CodeLocation(file: "kiln.yml", line: bad.line, column: bad.column))
            #expect(error.keyPath == bad.keyPath)
            #expect(error.description == bad.description)
        }

        @Test func theProblemIsTyped() throws {
            let repository = try TestRepository(config: Self.job + "\n  notebok: x")
            let error = try #require(throws: ConfigError.self) { try repository.loadConfig() }
            #expect(error.problem == .unknownKey("notebok", suggestion: "notebook", known: JobConfig.keys))
        }
    }
}
