import Foundation

/// What `kiln init` writes for a repository, decided from its scan and the flags before anything
/// is written: `kiln.yml`, a job template and test runners when the repository has none, and the
/// CI files asked for.
public struct InitPlan: Sendable {
    /// A file to write, relative to the repository's root.
    public struct File: Sendable {
        public var path: String
        public var text: String
        /// What it is for, printed beside its name.
        public var purpose: String
    }

    /// A notebook that runs one test suite and writes its JUnit file.
    struct Runner: Sendable {
        var suite: RepositoryScan.TestSuite
        /// The path below the notebooks folder without extension: its name in the workspace.
        var workspaceName: String
        /// The path of its file, relative to the repository's root.
        var file: String
        /// Whether `kiln init` writes it (else it is the repository's own).
        var generated: Bool
        /// Its widgets and their values; nil when the name says nothing Kiln can fill in.
        var parameters: [(name: String, value: String?)]
    }

    public var files: [File] = []
    /// The notebooks folder chosen (empty for the root).
    public var notebooks = ""
    /// What the scan found, one line each, for the user to check.
    public var findings: [String] = []
    /// What the user must still do before the first pull request.
    public var toDo: [String] = []

    /// The settings the files are written from.
    struct Settings: Sendable {
        var repo: String
        var base: String
        var notebooks: String
        var artifacts: [String]
        var storageRoot: String
        var clusterVariable: String
        var template: String
        var runners: [Runner]
        var ci: Set<InitOptions.CISystem>

        /// The paths whose change needs a build: the notebooks, the artifacts and `kiln.yml` itself.
        var changePaths: [String] { [InitPaths.glob(notebooks)] + artifacts + [KilnConfig.fileName] }

        /// The CI's path filters: the change paths, or none when the notebooks are the whole repository.
        var pathFilters: [String] { notebooks.isEmpty ? [] : changePaths }
    }

    /// Decides the plan for the repository at `root`.
    public static func make(scan: RepositoryScan, options: InitOptions, repository: RepositoryFacts, root: URL) throws(InitError)
        -> InitPlan
    {
        guard KilnConfig.isStorageRoot(options.storageRoot) else { throw InitError(.invalidStorageRoot(options.storageRoot)) }
        guard !options.clusterVariable.isEmpty,
            options.clusterVariable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { throw InitError(.invalidVariable(options.clusterVariable)) }

        var plan = InitPlan()
        let notebooks = try notebooksFolder(scan: scan, flag: options.notebooks, root: root)
        let suites = try testSuites(scan: scan, flags: options.tests, root: root)
        let runners = plan.runners(for: suites, scan: scan, notebooks: notebooks)
        let existingTemplate = scan.jobTemplates.first { InitPaths.contains(notebooks, $0) } ?? scan.jobTemplates.first
        let settings = Settings(
            repo: repository.name, base: repository.defaultBranch, notebooks: notebooks,
            artifacts: artifacts(scan: scan, suites: suites, notebooks: notebooks),
            storageRoot: options.storageRoot, clusterVariable: options.clusterVariable,
            template: existingTemplate ?? InitPaths.join(notebooks, "job-template.json"), runners: runners, ci: options.ci)

        plan.notebooks = notebooks
        plan.describe(scan: scan, settings: settings, templateExists: existingTemplate != nil)
        plan.files.append(File(path: KilnConfig.fileName, text: KilnYAMLText(settings: settings).text, purpose: "the build's settings"))
        if existingTemplate == nil {
            plan.files.append(
                File(
                    path: settings.template, text: JobTemplateText(settings: settings).text,
                    purpose: "the test job: \(runners.count == 1 ? "one task" : "a task per suite") on {{var.cluster_id}}"))
        }
        for runner in runners where runner.generated {
            plan.files.append(
                File(
                    path: runner.file, text: RunnerNotebookText.text(for: runner.suite.framework),
                    purpose: "runs the \(runner.suite.framework.rawValue) suite and writes its JUnit XML"))
        }
        if settings.ci.contains(.azure) {
            plan.files.append(
                File(
                    path: "azure-pipelines.yml", text: AzurePipelineText(settings: settings).text,
                    purpose: "Azure DevOps: pull-request validation on \(settings.base)"))
        }
        if settings.ci.contains(.github) {
            plan.files.append(
                File(
                    path: ".github/workflows/kiln.yml", text: GitHubWorkflowText(settings: settings).text,
                    purpose: "GitHub Actions: pull requests to \(settings.base)"))
        }
        plan.listToDo(settings: settings)
        return plan
    }

    // MARK: - Choices

    /// `--notebooks`, else the deepest folder holding every notebook; when that is the root (which
    /// would import every script of the repository), the folder holding the most of them.
    private static func notebooksFolder(scan: RepositoryScan, flag: String?, root: URL) throws(InitError) -> String {
        if let flag { return try InitPaths.folder(flag, flag: "--notebooks", in: root) }
        let paths = scan.notebooks.map(\.path)
        guard !paths.isEmpty else { return "databricks" }
        let common = RepositoryScan.commonFolder(of: paths)
        guard common.isEmpty else { return common }
        let byFolder = Dictionary(grouping: paths) { ($0 as NSString).deletingLastPathComponent }
        let nested = byFolder.filter { !$0.key.isEmpty }
        guard let most = nested.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return "" }
        return most.key
    }

    /// `--tests` folders (their framework from their files), else the suites the scan found.
    private static func testSuites(scan: RepositoryScan, flags: [String], root: URL) throws(InitError) -> [RepositoryScan.TestSuite] {
        var suites: [RepositoryScan.TestSuite] = []
        for flag in flags {
            let folder = try InitPaths.folder(flag, flag: "--tests", in: root)
            let found = TestFramework.allCases.filter { framework in
                scan.testSuites.contains { $0.framework == framework && InitPaths.overlaps($0.folder, folder) }
            }
            guard !found.isEmpty else { throw InitError(.noTestsIn(flag)) }
            suites += found.map { RepositoryScan.TestSuite(framework: $0, folder: folder) }
        }
        if flags.isEmpty { suites = scan.testSuites }
        // One suite per framework: each runner writes one JUnit file.
        var seen: Set<TestFramework> = []
        suites = suites.filter { seen.insert($0.framework).inserted }
        guard !suites.isEmpty else { throw InitError(.noTests) }
        return suites
    }

    /// The repository's own runner for each suite, when its notebooks folder has one; else one to write.
    private mutating func runners(for suites: [RepositoryScan.TestSuite], scan: RepositoryScan, notebooks: String) -> [Runner] {
        let taken = Set(
            scan.notebooks.filter { InitPaths.contains(notebooks, $0.path) }.map { InitPaths.workspaceName($0.path, in: notebooks) })
        return suites.map { suite in
            let results = "results/\(suite.framework.rawValue).xml"
            if let existing = scan.notebooks.first(where: { $0.runs == suite.framework && InitPaths.contains(notebooks, $0.path) }) {
                let guess = WidgetValueGuess(scan: scan, testsFolder: suite.folder, resultsFile: results)
                return Runner(
                    suite: suite, workspaceName: InitPaths.workspaceName(existing.path, in: notebooks), file: existing.path,
                    generated: false,
                    parameters: existing.widgets.map { ($0, guess.value(for: $0)) })
            }
            var name = suites.count == 1 ? "run_tests" : "run_\(suite.framework.rawValue)"
            if taken.contains(name) { name = "kiln_" + name }
            let storage = "{{build.storage_dir}}"
            let prefix = suite.framework.rawValue
            return Runner(
                suite: suite, workspaceName: name, file: InitPaths.join(notebooks, "\(name).\(suite.framework.notebookExtension)"),
                generated: true,
                parameters: [
                    ("storage_dir", storage),
                    ("\(prefix)_dir", suite.folder.isEmpty ? storage : "\(storage)/\(suite.folder)"),
                    ("\(prefix)_results", "\(storage)/\(results)"),
                    ("build_number", "{{build.id}}"),
                ])
        }
    }

    /// What the build copies to storage: the top folder (or root file) of every model, data file,
    /// test suite, source file and test configuration, outside the notebooks folder.
    private static func artifacts(scan: RepositoryScan, suites: [RepositoryScan.TestSuite], notebooks: String) -> [String] {
        let files = scan.models + scan.data + scan.sources + scan.configFiles
        let folders = suites.map(\.folder).filter { !$0.isEmpty }
        // pytest files at the root: its default patterns, which match there only.
        var artifacts = suites.contains { $0.folder.isEmpty } ? ["test_*.py", "*_test.py"] : []
        for (path, isFolder) in files.map({ ($0, false) }) + folders.map({ ($0, true) })
        where notebooks.isEmpty || !InitPaths.contains(notebooks, path) {
            let top = path.split(separator: "/").first.map(String.init) ?? path
            let artifact = isFolder || path.contains("/") ? InitPaths.glob(top) : path
            if !artifacts.contains(artifact) { artifacts.append(artifact) }
        }
        return artifacts.sorted()
    }

    // MARK: - Output

    private mutating func describe(scan: RepositoryScan, settings: Settings, templateExists: Bool) {
        let languages = scan.notebooks.filter { InitPaths.contains(settings.notebooks, $0.path) }.count
        findings.append(
            "notebooks: \(settings.notebooks.isEmpty ? "." : settings.notebooks)/ (\(languages) notebook\(languages == 1 ? "" : "s")"
                + (scan.languages.isEmpty ? "" : ": " + scan.languages.map(\.rawValue).joined(separator: ", ")) + ")")
        for runner in settings.runners {
            let folder = runner.suite.folder.isEmpty ? "." : runner.suite.folder
            findings.append(
                "tests: \(folder)/ with \(runner.suite.framework.rawValue), run by \(runner.file)\(runner.generated ? " (new)" : "")")
        }
        if !scan.models.isEmpty {
            findings.append("model: " + scan.models.prefix(3).joined(separator: ", ") + (scan.models.count > 3 ? ", …" : ""))
        }
        if !scan.data.isEmpty {
            findings.append("data: " + scan.data.prefix(3).joined(separator: ", ") + (scan.data.count > 3 ? ", …" : ""))
        }
        findings.append("job template: \(settings.template)\(templateExists ? "" : " (new)")")
    }

    private mutating func listToDo(settings: Settings) {
        for runner in settings.runners {
            for (name, value) in runner.parameters where value == nil {
                toDo.append(
                    "set job.parameters.\(name) in kiln.yml: \(runner.file) reads the widget `\(name)`, and Kiln cannot tell its value")
            }
        }
        if settings.runners.count > 1, !files.contains(where: { $0.path == settings.template }) {
            let others = settings.runners.dropFirst().map(\.workspaceName).joined(separator: ", ")
            toDo.append("add a task for \(others) to \(settings.template), with notebook_path {{build.workspace_dir}}/<name>")
        }
        toDo.append("the workspace: DATABRICKS_HOST, e.g. https://adb-1234567890123456.7.azuredatabricks.net")
        toDo.append("the cluster the tests run on: \(settings.clusterVariable), e.g. 0123-456789-abcdefgh")
        if settings.ci.contains(.azure) {
            toDo.append(
                "Azure DevOps: an Azure Resource Manager service connection named `\(AzurePipelineText.serviceConnection)` "
                    + "(workload identity federation) whose identity is a user of the workspace, the variable KILN_URL "
                    + "(where kiln-<version>-linux-x86_64.tar.gz is), and, for Azure Repos, a build-validation policy on \(settings.base)")
        }
        if settings.ci.contains(.github) {
            toDo.append(
                "GitHub: the repository variables DATABRICKS_HOST, DATABRICKS_CLIENT_ID (a service principal with a federation "
                    + "policy for this repository), \(settings.clusterVariable) and KILN_URL")
        }
    }
}
