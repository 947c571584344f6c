import Foundation
import KilnReports
import Testing

extension ReportsTests {
    @Suite struct JUnitParserTests {
        @Test func readsTestthatOneCasePerExpectation() throws {
            let report = try Fixture.parse(Fixture.testthat)

            #expect(report.suites.map(\.name) == ["model", "data"])
            let model = try #require(report.suites.first)
            #expect(model.timestamp == "2025-03-14T09:26:53Z")
            #expect(model.hostname == "0314-092211-abc123-10-139-64-4")
            #expect(model.time == 0.412)
            #expect(model.cases.map(\.name).filter { $0 == "predictions_are_in_range" }.count == 2)
            #expect(model.counts == TestCounts(tests: 6, passed: 3, failures: 1, errors: 1, skipped: 1))
            #expect(report.counts == TestCounts(tests: 8, passed: 5, failures: 1, errors: 1, skipped: 1))
            #expect(report.suites[1].cases[1].systemOut == "Warning: column 'age' coerced to numeric")
        }

        @Test func readsTestthatFailureWithItsLocation() throws {
            let report = try Fixture.parse(Fixture.testthat)
            let failed = try #require(report.failedCases.first)

            #expect(failed.qualifiedName == "model.coefficients_match_the_reference")
            #expect(failed.time == 0.118)
            #expect(
                failed.outcome
                    == .failed(
                        TestFailure(
                            message: #"coef(fit)[["x"]] not equal to 1.5. ('test-model.R:12:3')"#, type: "failure",
                            details: "coef(fit)[[\"x\"]] not equal to 1.5.\n1/1 mismatches\n[1] 1.42 - 1.5 == -0.08"
                        )))
            #expect(failed.codeLocation == CodeLocation(file: "test-model.R", line: 12, column: 3))
            #expect(report.suites[0].cases[5].outcome == .skipped(message: "Reason: no GPU on this cluster ('test-model.R:30:3')"))
            #expect(report.suites[0].cases[4].outcome.failure?.type == "error")
        }

        @Test func readsPytestXunit2() throws {
            let report = try Fixture.parse(Fixture.pytestXunit2)
            let suite = try #require(report.suites.first)

            #expect(report.suites.count == 1)
            #expect(suite.name == "pytest")
            #expect(suite.timestamp == "2025-03-14T10:26:53.512345+01:00")
            #expect(suite.time == 1.734)
            #expect(suite.counts == TestCounts(tests: 7, passed: 3, failures: 1, errors: 1, skipped: 2))
            #expect(
                suite.cases.map(\.name) == [
                    "test_scaling[0.5]", "test_scaling[2-int]", "test_roundtrip", "test_fit", "test_gpu",
                    "test_known_bug", "test_predict[case-a]",
                ])
            #expect(suite.cases[2].classname == "tests.test_features.TestEncoder")
            let failure = try #require(suite.cases[2].outcome.failure)
            #expect(failure.message == "AssertionError: assert [1, 2] == [1, 3]\n  At index 1 diff: 2 != 3")
            #expect(failure.details.hasPrefix("self = <tests.test_features.TestEncoder object at 0x7f3a>\n\n    def"))
            #expect(failure.details.hasSuffix("tests/test_features.py:23: AssertionError"))
            #expect(
                suite.cases[3].outcome
                    == .error(
                        TestFailure(
                            message:
                                #"failed on setup with "FileNotFoundError: [Errno 2] No such file or directory: '/dbfs/tmp/train.csv'""#,
                            details: """
                                @pytest.fixture
                                def training_data():
                                >       return pd.read_csv("/dbfs/tmp/train.csv")
                                E       FileNotFoundError: [Errno 2] No such file or directory: '/dbfs/tmp/train.csv'

                                tests/conftest.py:9: FileNotFoundError
                                """
                        )))
            #expect(suite.cases[4].outcome == .skipped(message: "needs a GPU"))
            #expect(suite.cases[5].outcome == .skipped(message: "issue 12: rounding"))
            #expect(suite.cases.allSatisfy { $0.file == nil && $0.line == nil && $0.codeLocation == nil })
        }

        @Test func readsPytestXunit1WithBareSuiteRoot() throws {
            let report = try Fixture.parse(Fixture.pytestXunit1)
            let suite = try #require(report.suites.first)

            #expect(report.suites.count == 1)
            #expect(suite.timestamp == nil && suite.hostname == nil)
            #expect(suite.counts == TestCounts(tests: 2, passed: 1, failures: 1, errors: 0, skipped: 0))
            #expect(
                suite.cases[0]
                    == TestCase(
                        classname: "tests.test_io", name: "test_read", time: 0.004, file: "tests/test_io.py", line: 8
                    ))
            let written = suite.cases[1]
            #expect(written.time == 0.01)
            #expect(written.systemOut == "wrote 3 rows")
            #expect(written.systemErr == #"warning: <slow> disk & "cache""#)
            // pytest writes lines counted from 0.
            #expect(written.codeLocation == CodeLocation(file: "tests/test_io.py", line: 15))
        }

        @Test func flattensNestedSuitesAndDropsPureContainers() throws {
            let report = try Fixture.parse(Fixture.nested)

            #expect(report.suites.map(\.name) == ["outer.inner1", "outer.inner2", "mixed", "mixed.child"])
            #expect(report.suites.map { $0.cases.map(\.name) } == [["a"], ["b"], ["c"], ["d"]])
        }

        @Test func trustsTheCasesOverTheCountAttributes() throws {
            let report = try Fixture.parse(
                #"""
                <testsuite name="s" tests="10" failures="5" errors="3" skipped="2">
                  <testcase classname="c" name="one"/>
                  <testcase classname="c" name="two"><failure message="no"/></testcase>
                </testsuite>
                """#)

            #expect(report.counts == TestCounts(tests: 2, passed: 1, failures: 1, errors: 0, skipped: 0))
        }

        @Test func defaultsMissingOptionalAttributes() throws {
            let report = try Fixture.parse(#"<testsuites><testsuite><testcase time="0.5"/><testcase time="2"/></testsuite></testsuites>"#)
            let suite = try #require(report.suites.first)

            #expect(suite.name == "" && suite.timestamp == nil && suite.hostname == nil)
            #expect(suite.time == 2.5, "a suite without time takes the sum of its cases")
            #expect(suite.cases[0] == TestCase(classname: "", name: "", time: 0.5))
        }

        @Test(arguments: [
            ("1", 1.0), ("0.25", 0.25), ("2.000", 2.0), (" 3 ", 3.0), ("1e-3", 0.001),
            ("", 0), ("fast", 0), ("-1", 0), ("nan", 0), ("1,5", 0),
        ])
        func readsTimeWithOrWithoutDecimals(attribute: String, seconds: Double) throws {
            let report = try Fixture.parse(#"<testsuite name="s"><testcase name="t" time="\#(attribute)"/></testsuite>"#)

            #expect(report.suites.first?.cases.first?.time == seconds)
        }

        @Test func readsEntitiesCharacterReferencesAndCDATA() throws {
            let report = try Fixture.parse(
                #"""
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites>
                  <testsuite name="caf&#233; &amp; &#x1F600;">
                    <testcase classname="a&lt;b&gt;" name="&apos;quoted&apos; &quot;twice&quot;">
                      <failure message="tab&#9;and&#10;newline">before <![CDATA[<raw> & ]]]]><![CDATA[> kept]]> after &amp;</failure>
                    </testcase>
                  </testsuite>
                </testsuites>
                """#)
            let suite = try #require(report.suites.first)
            let testCase = try #require(suite.cases.first)

            #expect(suite.name == "café & 😀")
            #expect(testCase.classname == "a<b>")
            #expect(testCase.name == #"'quoted' "twice""#)
            #expect(
                testCase.outcome
                    == .failed(
                        TestFailure(
                            message: "tab\tand\nnewline", details: "before <raw> & ]]> kept after &"
                        )))
        }

        @Test func keepsTheMostSevereOfSeveralResultElements() throws {
            let report = try Fixture.parse(
                #"""
                <testsuite name="s">
                  <testcase name="fails then errors in teardown"><failure message="f"/><error message="e"/></testcase>
                  <testcase name="errors then fails"><error message="e"/><failure message="f"/></testcase>
                  <testcase name="skipped then fails"><skipped/><failure message="f"/></testcase>
                </testsuite>
                """#)

            #expect(
                report.suites[0].cases.map(\.outcome) == [
                    .error(TestFailure(message: "e")), .error(TestFailure(message: "e")), .failed(TestFailure(message: "f")),
                ])
        }

        /// Surefire's shape: properties (ignored), a case that passed on a rerun (flaky, passed),
        /// and the suite's own output (kept).
        @Test func keepsSuiteLevelOutputAndIgnoresUnknownElements() throws {
            let report = try Fixture.parse(
                #"""
                <testsuite name="s">
                  <properties><property name="k" value="v"/></properties>
                  <testcase name="t"><properties><property name="p" value="1"/></properties><flakyFailure message="flaky"/></testcase>
                  <system-out>suite output</system-out>
                </testsuite>
                """#)

            var suite = TestSuite(name: "s", cases: [TestCase(name: "t", flaky: true)])
            suite.systemOut = "suite output"
            #expect(report == TestReport(suites: [suite]))
        }

        @Test func readsAFileAndNamesItsPathInErrors() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-reports-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let good = folder.appendingPathComponent("junit.xml")
            let bad = folder.appendingPathComponent("cut.xml")
            try Data(Fixture.testthat.utf8).write(to: good)
            try Data(Fixture.testthat.prefix(300).utf8).write(to: bad)

            #expect(try JUnitParser().parse(contentsOf: good) == Fixture.parse(Fixture.testthat))
            let cut = try #require(throws: JUnitError.self) { try JUnitParser().parse(contentsOf: bad) }
            let lastLine = Fixture.testthat.prefix(300).split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(cut.file == bad.path)
            #expect(cut.line == lastLine)
            #expect(cut.description.hasPrefix("\(bad.path):\(lastLine):"))
            let missing = folder.appendingPathComponent("missing.xml")
            let unreadable = try #require(throws: JUnitError.self) { try JUnitParser().parse(contentsOf: missing) }
            #expect(unreadable.file == missing.path)
            #expect(unreadable.line == nil)
            #expect(unreadable.description.hasPrefix("\(missing.path): cannot read the JUnit file: "))
        }
    }
}
