import Foundation
import Testing

/// `kiln results FILE|GLOB…` through the real binary, on files the real tools wrote where this
/// machine has them (pytest in both families, unittest-xml-reporting, testthat) and hand-made
/// ones for the rest (nutter, Surefire, Gradle): no kiln.yml, no workspace.
@Suite("kiln results on files", .timeLimit(.minutes(3)))
struct ResultsFilesTests {
    private static let python = ProcessInfo.processInfo.environment["KILN_PYTHON"] ?? "python3"

    /// A repository with a failing test in each framework, and the results each tool writes.
    private static func repositoryWithResults() async throws -> TestRepository {
        let repository = try TestRepository(files: [:])
        try repository.write(
            "tests/test_model.py",
            """
            import pytest

            def test_fits():
                assert 1 + 1 == 2

            def test_predicts():
                assert 0.71 > 0.8, "accuracy below the bar"

            @pytest.mark.skip(reason="needs a GPU")
            def test_gpu():
                pass

            """)
        try repository.write(
            "tests/test_io.py",
            """
            import unittest

            class ReadTests(unittest.TestCase):
                def test_reads(self):
                    self.assertEqual(len("abc"), 3)

                def test_schema(self):
                    self.assertEqual("v2", "v3", "schema changed")

            if __name__ == "__main__":
                import xmlrunner
                unittest.main(module="test_io", testRunner=xmlrunner.XMLTestRunner(output="../out/unittest"), exit=False)

            """)
        try repository.write(
            "tests/testthat/test-data.R",
            """
            test_that("rows are complete", {
              expect_equal(nrow(mtcars), 30)
            })
            test_that("columns are there", {
              expect_true("mpg" %in% names(mtcars))
            })

            """)
        for (name, xml) in handMade { try repository.write("out/\(name)", xml) }
        try repository.write("out/not-junit.txt", "ignored: the pattern takes .xml only")
        func run(_ arguments: [String], in folder: String = ".") async throws {
            let result = try await runProcess(
                URL(fileURLWithPath: "/usr/bin/env"), arguments, directory: repository.url.appendingPathComponent(folder))
            #expect(result.status == 0 || arguments.contains("-m"), "\(arguments): \(result.stderr)")
        }
        try await run([python, "-m", "pytest", "-q", "tests/test_model.py", "-o", "junit_family=xunit1", "--junitxml=out/pytest/x1.xml"])
        try await run([python, "-m", "pytest", "-q", "tests/test_model.py", "-o", "junit_family=xunit2", "--junitxml=out/pytest/x2.xml"])
        try await run([python, "test_io.py"], in: "tests")
        try await run([
            "Rscript", "--no-init-file", "-e",
            "testthat::test_dir('tests/testthat', reporter = testthat::JunitReporter$new(file = '\(repository.url.path)/out/testthat.xml'), stop_on_failure = FALSE)",
        ])
        return repository
    }

    private static let handMade = [
        (
            "nutter.xml",
            """
            <?xml version="1.0" encoding="utf-8"?>
            <testsuites><testsuite name="/Repos/ci/tests/test_etl" tests="2" failures="1" errors="0" skipped="0" time="4.1">
            <testcase classname="/Repos/ci/tests/test_etl" name="assertion_row_count" time="2.0"/>
            <testcase classname="/Repos/ci/tests/test_etl" name="assertion_nulls" time="2.1"><failure message="AssertionError: 3 nulls"><![CDATA[Traceback: 3 nulls in id]]></failure></testcase>
            </testsuite></testsuites>
            """
        ),
        (
            "surefire/TEST-com.acme.ModelTest.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="com.acme.ModelTest" time="0.52" tests="4" errors="0" skipped="0" failures="1">
              <properties><property name="java.version" value="17.0.9"/></properties>
              <testcase name="scores" classname="com.acme.ModelTest" time="0.1"/>
              <testcase name="retries" classname="com.acme.ModelTest" time="0.2"><flakyFailure message="timeout" type="java.net.SocketTimeoutException"><stackTrace>at x</stackTrace></flakyFailure></testcase>
              <testcase name="loads" classname="com.acme.ModelTest" time="0.1"><failure message="expected 3" type="org.opentest4j.AssertionFailedError">at ModelTest.java:42</failure><rerunFailure message="expected 3" type="org.opentest4j.AssertionFailedError"/></testcase>
              <testcase name="saves" classname="com.acme.ModelTest" time="0.12"/>
              <system-out><![CDATA[suite output]]></system-out>
            </testsuite>
            """
        ),
        (
            "gradle/TEST-com.acme.IoTest.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="com.acme.IoTest" tests="2" skipped="1" failures="0" errors="0" timestamp="2026-12-01T10:00:00" hostname="ci" time="0.3">
              <properties/>
              <testcase name="reads" classname="com.acme.IoTest" time="0.2"/>
              <testcase name="writesToS3" classname="com.acme.IoTest" time="0.0"><skipped/></testcase>
              <system-out><![CDATA[]]></system-out>
              <system-err><![CDATA[]]></system-err>
            </testsuite>
            """
        ),
    ]

    @Test func realAndHandMadeDialectsMergeIntoOneValidFile() async throws {
        let repository = try await Self.repositoryWithResults()
        let run = try await runProcess(
            KilnBinary.url,
            ["results", "out/**/*.xml", "--output", "merged/junit.xml", "--report", "markdown=merged/summary.md", "--json"],
            environment: TestRepository.environment, directory: repository.url)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains(#""event":"results""#) })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(
            (json["files"] as? [String])?.sorted() == [
                "out/gradle/TEST-com.acme.IoTest.xml", "out/nutter.xml", "out/pytest/x1.xml", "out/pytest/x2.xml",
                "out/surefire/TEST-com.acme.ModelTest.xml", "out/testthat.xml",
            ] + (json["files"] as? [String] ?? []).filter { $0.hasPrefix("out/unittest/") })
        // pytest 3+3, unittest 2, testthat 2, nutter 2, Surefire 4, Gradle 2.
        #expect(json["tests"] as? Int == 18)
        #expect(json["failures"] as? Int == 6)
        #expect(json["skipped"] as? Int == 3)
        #expect(json["errors"] as? Int == 0)
        let failed = try #require(json["failed"] as? [[String: Any]])
        func failure(_ name: String) -> [String: Any]? { failed.first { $0["name"] as? String == name } }
        #expect(failure("test_predicts")?["message"] as? String == "AssertionError: accuracy below the bar\nassert 0.71 > 0.8")
        // xunit1 names the file and line (pytest counts from 0; Kiln from 1).
        #expect(
            failed.contains {
                $0["name"] as? String == "test_predicts" && $0["file"] as? String == "tests/test_model.py" && $0["line"] as? Int == 6
            })
        #expect(failure("test_schema")?["file"] as? String == "tests/test_io.py")
        #expect(failure("test_schema")?["line"] as? Int == 7)
        // testthat names test-data.R relative to its folder: the repository's path is found.
        #expect(failure("rows_are_complete")?["file"] as? String == "tests/testthat/test-data.R")
        #expect(failure("rows_are_complete")?["line"] as? Int == 2)
        #expect(failure("assertion_nulls")?["message"] as? String == "AssertionError: 3 nulls")
        #expect(failure("loads")?["message"] as? String == "expected 3")
        #expect(failure("retries") == nil, "a flaky test passed on its rerun")
        let notes = try #require(json["notes"] as? [String])
        #expect(notes.contains { $0.contains(#"suite "com.acme.ModelTest" declares"#) } == false)

        let schema = Examples.root.deletingLastPathComponent().appendingPathComponent("Tests/KilnTests/Fixtures/junit/junit.xsd")
        let merged = repository.url.appendingPathComponent("merged/junit.xml")
        let valid = try await runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["xmllint", "--noout", "--schema", schema.path, merged.path])
        #expect(valid.status == 0, "\(valid.stderr)")
        let summary = try String(contentsOf: repository.url.appendingPathComponent("merged/summary.md"), encoding: .utf8)
        #expect(summary.contains("Tests: 18 (9 passed, 6 failed, 0 errored, 3 skipped)"), "\(summary)")
    }

    /// Counts that disagree with the cases are recounted, with a note on the console.
    @Test func wrongCountsAreRecountedWithANote() async throws {
        let repository = try TestRepository(files: [:])
        try repository.write(
            "r.xml",
            #"<testsuite name="s" tests="5" failures="0"><testcase name="a"/><testcase name="b"><failure message="x"/></testcase></testsuite>"#
        )
        let run = try await runProcess(
            KilnBinary.url, ["results", "r.xml"], environment: TestRepository.environment, directory: repository.url)
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                #"note: r.xml: suite "s" declares tests="5" (the cases say 2), failures="0" (the cases say 1); the cases are counted"#),
            "\(run.stdout)")
    }

    /// No file to read is exit 2 with the reason; a readable file beside an unreadable one is a
    /// failed build (the unreadable one an errored case), not a silent pass.
    @Test func unreadableFilesAreNeverAPass() async throws {
        let repository = try TestRepository(files: [:])
        try repository.write("good.xml", #"<testsuite name="s"><testcase name="a"/></testsuite>"#)
        try repository.write("cut.xml", #"<testsuite name="s"><testcase name="a">"#)
        func results(_ arguments: String...) async throws -> ProcessResult {
            try await runProcess(
                KilnBinary.url, ["results"] + arguments, environment: TestRepository.environment, directory: repository.url)
        }
        let none = try await results("missing.xml", "'*.json'")
        #expect(none.status == 2)
        #expect(none.stderr.contains("kiln results: missing.xml: no such file"))
        #expect(none.stderr.contains("kiln results: no results file could be read"))
        let mixed = try await results("good.xml", "cut.xml")
        #expect(mixed.status == 1, "\(mixed.stdout)")
        #expect(mixed.stdout.contains("cut.xml:1:"), "\(mixed.stdout)")
        #expect(try await results("good.xml").status == 0)
    }

    /// A test name and message made to look like workflow commands cannot start a line of their
    /// own under either CI: every command line is one Kiln wrote, one per failure.
    @Test(arguments: [("GITHUB_ACTIONS", "::"), ("TF_BUILD", "##vso[")])
    func aHostileTestNameCannotInjectAWorkflowCommand(_ variable: String, _ commandPrefix: String) async throws {
        let repository = try TestRepository(files: [:])
        let hostile = "x\n::error::injected\n##vso[task.complete result=Succeeded]done %0A%25"
        try repository.write(
            "evil.xml",
            """
            <testsuite name="s&#10;::warning::suite"><testcase classname="c" name="\(hostile.replacingOccurrences(of: "\n", with: "&#10;"))"><failure message="\(hostile.replacingOccurrences(of: "\n", with: "&#10;"))">\(hostile)</failure></testcase></testsuite>
            """)
        var environment = TestRepository.environment
        environment[variable] = "true"
        environment["GITHUB_STEP_SUMMARY"] = repository.url.appendingPathComponent("summary.md").path
        let run = try await runProcess(KilnBinary.url, ["results", "evil.xml"], environment: environment, directory: repository.url)
        #expect(run.status == 1)
        let commands = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix(commandPrefix) }
        if variable == "GITHUB_ACTIONS" {
            #expect(commands.count == 1, "\(commands)")
            #expect(commands.allSatisfy { $0.hasPrefix("::error title=") }, "\(commands)")
        } else {
            #expect(commands.count == 2, "\(commands)")
            #expect(
                commands.allSatisfy { $0.hasPrefix("##vso[task.logissue type=error") || $0.hasPrefix("##vso[results.publish ") },
                "\(commands)")
        }
        #expect(!run.stdout.split(separator: "\n").contains { $0.hasPrefix("::error::injected") || $0.hasPrefix("##vso[task.complete") })
    }
}
