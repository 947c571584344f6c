import Foundation

/// Thirty builds of the Python example on the embedded engine, through the real `kiln build`,
/// made once for the history and report tests. Their outcomes are mixed on purpose:
/// - `test_comes_and_goes` fails in every third build (flaky);
/// - `test_broke_at_build_25` fails from build 25 on (broke once: not flaky);
/// - builds 12 and 20 die before their tests run (the notebook raises);
/// - the number of tests grows every ten builds; one test is always skipped.
/// The last build writes the report (`kiln build --report`).
struct ThirtyBuilds: Sendable {
    /// What one build must show, from the same rules that wrote its tests.
    struct Expected: Sendable {
        var number: Int
        var commit: String

        var id: String { number < 10 ? "b0\(number)" : "b\(number)" }
        var runFails: Bool { [12, 20].contains(number) }
        var failing: [String] {
            runFails ? ["run"] : (number % 3 == 1 ? ["test_comes_and_goes"] : []) + (number >= 25 ? ["test_broke_at_build_25"] : [])
        }
        /// The example's 6, 4 of this file's and the growing ones; a dead run's lone case.
        var tests: Int { runFails ? 1 : 6 + 4 + number / 10 + 1 }
        var skipped: Int { runFails ? 0 : 1 }
        var state: String { runFails ? "run_failed" : failing.isEmpty ? "passed" : "tests_failed" }
    }

    static let count = 30
    let repository: ExampleRepository
    let state: TemporaryFolder
    let report: TemporaryFolder
    let builds: [Expected]

    /// Made on first use and shared by the suite's tests.
    static let shared = Task { try await ThirtyBuilds() }

    /// The environment of a `kiln` child: the tests' git settings and the venv with pytest.
    static var environment: [String: String] {
        var environment = TestRepository.environment
        for name in ["KILN_PYTHON", "KILN_VENV"] { environment[name] = ProcessInfo.processInfo.environment[name] }
        return environment
    }

    private init() async throws {
        repository = try await ExampleRepository("python-model")
        state = TemporaryFolder("kiln-history-state")
        report = TemporaryFolder("kiln-history-report")
        let config = repository.url.appendingPathComponent("kiln.yml")
        try (try String(contentsOf: config, encoding: .utf8))
            .replacingOccurrences(of: "keep: on_failure", with: "keep: never")
            .replacingOccurrences(of: "{ keep_last: 5, max_age_days: 14 }", with: "{ keep_last: 50, max_age_days: 14 }")
            .write(to: config, atomically: true, encoding: .utf8)
        let notebook = repository.url.appendingPathComponent("databricks/run_tests.py")
        let original = try String(contentsOf: notebook, encoding: .utf8)
            .replacingOccurrences(of: #"f"--junitxml={results_path}""#, with: #"f"--junitxml={results_path}", "-o", "junit_family=xunit1""#)
        var builds: [Expected] = []
        for number in 1...Self.count {
            let dies = [12, 20].contains(number)
            try repository.write(
                "databricks/run_tests.py",
                dies
                    ? original.replacingOccurrences(
                        of: #"print("Testing build""#,
                        with: "raise RuntimeError(\"the feature store is unreachable\")\n" + #"print("Testing build""#)
                    : original)
            try repository.write("tests/test_history.py", Self.tests(build: number))
            let commit = try await repository.repository.commitAll("build \(number)")
            let expected = Expected(number: number, commit: commit)
            var arguments = ["build", "--force", "--build-id", expected.id, "--state", state.url.path]
            if number == Self.count { arguments += ["--report", report.url.path] }
            let result = try await runProcess(KilnBinary.url, arguments, environment: Self.environment, directory: repository.url)
            let status: Int32 = expected.runFails ? 2 : expected.failing.isEmpty ? 0 : 1
            guard result.status == status else {
                throw BuildFailed(number: number, status: result.status, output: result.stdout + result.stderr)
            }
            builds.append(expected)
        }
        self.builds = builds
    }

    /// The test file of build `number`.
    private static func tests(build number: Int) -> String {
        """
        \"\"\"Build \(number): tests whose outcomes change across builds, for the history report.\"\"\"
        import pytest

        BUILD = \(number)


        def test_stable():
            assert BUILD > 0


        def test_comes_and_goes():
            assert BUILD % 3 != 1, "the feature cache answered late"


        def test_broke_at_build_25():
            assert BUILD < 25, "the threshold moved"


        @pytest.mark.skip(reason="needs a GPU")
        def test_on_a_gpu():
            pass


        @pytest.mark.parametrize("part", range(BUILD // 10 + 1))
        def test_grows(part):
            assert part >= 0

        """
    }

    struct BuildFailed: Error, CustomStringConvertible {
        var number: Int
        var status: Int32
        var output: String
        var description: String { "build \(number) exited \(status):\n\(output)" }
    }
}
