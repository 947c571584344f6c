import Foundation
import KilnReports
import Testing

@testable import KilnPipeline

extension PipelineTests {
    @Suite("Pipeline: kiln.yml decoding")
    struct ConfigLoadingTests {
        static let fullConfig = """
            repo: r-model
            changes:
              paths: ["databricks/**", "models/**"]
              base: main
            notebooks: databricks
            artifacts: ["models/**", "tests/**", "data/**"]
            workspace_root: /Shared/build/
            storage_root: /Volumes/main/ci/kiln/build
            job:
              template: databricks/job-template.json
              notebook: run_tests.R
              parameters:
                model_path: "{{build.storage_dir}}/models/model.rds"
              timeout: 1h30m
            variables:
              cluster_id: "${DATABRICKS_CLUSTER_ID}"
            results:
              path: "junit/**/*.xml"
              output: out/junit.xml
            keep: on_failure
            retention: { keep_last: 5, max_age_days: 3 }
            targets:
              local: { state: .state/engine, cran_repo: "https://cran.example.org" }
              staging: { host: "https://adb-123.azuredatabricks.net", profile: ci }
            target: staging
            """

        @Test func readsEverySettingOfAFullFile() throws {
            let repository = try TestRepository(config: Self.fullConfig)
            let config = try repository.loadConfig()

            #expect(config.repo == "r-model")
            #expect(config.changes.paths.map(\.pattern) == ["databricks/**", "models/**"])
            #expect(config.changes.base == "main")
            #expect(config.notebooks.relativePath == "databricks")
            #expect(config.notebooks.path == repository.url.appendingPathComponent("databricks").path)
            #expect(config.artifacts.map(\.pattern) == ["models/**", "tests/**", "data/**"])
            #expect(config.workspaceRoot == "/Shared/build")
            #expect(config.storageRoot == "/Volumes/main/ci/kiln/build")
            #expect(config.job.template.relativePath == "databricks/job-template.json")
            #expect(config.job.notebook == "run_tests")
            #expect(config.job.timeout == .seconds(5400))
            let modelPath = try #require(config.job.parameters["model_path"])
            #expect(modelPath.text == "{{build.storage_dir}}/models/model.rds")
            #expect(modelPath.origin == CodeLocation(file: "kiln.yml", line: 13, column: 18))
            #expect(config.variables["cluster_id"]?.text == "${DATABRICKS_CLUSTER_ID}")
            #expect(config.results.path.pattern == "junit/**/*.xml")
            #expect(config.results.output.relativePath == "out/junit.xml")
            #expect(config.keep == .onFailure)
            #expect(config.retention == RetentionPolicy(keepLast: 5, maxAgeDays: 3))
            #expect(config.defaultTarget == "staging")
            #expect(config.targets.keys.sorted() == ["local", "staging"])
            #expect(
                config.targets["local"]?.kind
                    == .local(
                        state: URL(fileURLWithPath: ".state/engine", relativeTo: repository.url),
                        cranRepo: URL(string: "https://cran.example.org")))
            #expect(
                config.targets["staging"]?.kind
                    == .workspace(host: URL(string: "https://adb-123.azuredatabricks.net"), profile: "ci"))
        }

        @Test func aMinimalFileGetsTheDefaults() throws {
            let repository = try TestRepository()
            let config = try repository.loadConfig()

            #expect(config.repo == nil)
            #expect(config.notebooks.relativePath == "databricks")
            #expect(config.artifacts.isEmpty)
            #expect(config.changes.paths.map(\.pattern) == ["databricks"])
            #expect(config.changes.base == nil)
            #expect(config.workspaceRoot == "/Shared/build")
            #expect(config.storageRoot == "dbfs:/kiln/build")
            #expect(config.job.notebook == "run_tests")
            #expect(config.job.parameters.isEmpty)
            #expect(config.job.timeout == .seconds(1800))
            #expect(config.variables.isEmpty)
            #expect(config.results.path.pattern == "results/**/*.xml")
            #expect(config.results.output.relativePath == "kiln-results/junit.xml")
            #expect(config.keep == .never)
            #expect(config.retention == RetentionPolicy(keepLast: 10, maxAgeDays: 14))
            #expect(config.defaultTarget == "local")
            #expect(
                config.targets == [
                    "local": Target(
                        name: "local", kind: .local(state: URL(fileURLWithPath: ".kiln/engine", relativeTo: repository.url)))
                ])
        }

        @Test func theDefaultChangePathsAreWhatABuildStages() throws {
            let repository = try TestRepository(config: TestRepository.minimalConfig + "\nartifacts: [\"models/**\"]")
            let paths = try repository.loadConfig().changes.paths

            #expect(paths.map(\.pattern) == ["databricks", "models/**"])
            #expect(paths.contains { $0.matches("databricks/run_tests.R") })
            #expect(!paths.contains { $0.matches("docs/index.md") })
        }

        @Test(arguments: [("90s", 90), ("20m", 1200), ("1h30m", 5400), ("2h", 7200), ("1h0m5s", 3605)])
        func readsTimeouts(_ text: String, _ seconds: Int) throws {
            let repository = try TestRepository(config: TestRepository.minimalConfig + "\n  timeout: \(text)")
            #expect(try repository.loadConfig().job.timeout == .seconds(seconds))
        }

        @Test func theFlagChoosesTheTargetElseTheFile() throws {
            let config = try TestRepository(config: Self.fullConfig).loadConfig()

            #expect(try config.target(named: nil).name == "staging")
            #expect(try config.target(named: "local").name == "local")
            let error = try #require(throws: ConfigError.self) { try config.target(named: "prod") }
            #expect(
                error.description
                    == "kiln.yml: unknown target `prod`; the targets are `local`, `staging`; define it under `targets:` or use one of these"
            )
        }

        @Test func aMissingFileSaysWhereItLookedAndWhatToDo() throws {
            let folder = TemporaryFolder()
            let error = try #require(throws: ConfigError.self) { try KilnConfig.load(in: folder.url) }
            #expect(error.description == "kiln.yml not found in \(folder.url.path); create one or pass --config FILE")

            let named = URL(fileURLWithPath: "ci/kiln.yml", relativeTo: folder.url)
            let flagError = try #require(throws: ConfigError.self) { try KilnConfig.load(file: named, in: folder.url) }
            #expect(flagError.description == "ci/kiln.yml: no such file; check the path given with --config")
        }

        @Test func keepPolicies() {
            #expect(!KeepPolicy.never.keeps(afterFailure: true))
            #expect(KeepPolicy.onFailure.keeps(afterFailure: true))
            #expect(!KeepPolicy.onFailure.keeps(afterFailure: false))
            #expect(KeepPolicy.always.keeps(afterFailure: false))
        }
    }
}
