import Foundation
import KilnReports
import Testing

extension ReportsTests {
    /// JUnit files shaped like those testthat and pytest write on a cluster, written for these tests.
    enum Fixture {
        /// testthat's JunitReporter: root without attributes, one testcase per expectation (so
        /// names repeat), the location in the failure message, warnings in `<system-out>`.
        static let testthat = #"""
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites>
              <testsuite name="model" timestamp="2025-03-14T09:26:53Z" hostname="0314-092211-abc123-10-139-64-4" tests="6" skipped="1" failures="1" errors="1" time="0.412">
                <testcase time="0.021" classname="model" name="model_loads_from_storage"/>
                <testcase time="0.003" classname="model" name="predictions_are_in_range"/>
                <testcase time="0.002" classname="model" name="predictions_are_in_range"/>
                <testcase time="0.118" classname="model" name="coefficients_match_the_reference">
                  <failure type="failure" message="coef(fit)[[&quot;x&quot;]] not equal to 1.5. ('test-model.R:12:3')">coef(fit)[["x"]] not equal to 1.5.
            1/1 mismatches
            [1] 1.42 - 1.5 == -0.08</failure>
                </testcase>
                <testcase time="0.001" classname="model" name="scoring_handles_NA">
                  <error type="error" message="object 'score_na' not found">Error in `eval(code, test_env)`: object 'score_na' not found</error>
                </testcase>
                <testcase time="0" classname="model" name="gpu_training">
                  <skipped message="Reason: no GPU on this cluster ('test-model.R:30:3')"/>
                </testcase>
              </testsuite>
              <testsuite name="data" timestamp="2025-03-14T09:26:54Z" hostname="0314-092211-abc123-10-139-64-4" tests="2" skipped="0" failures="0" errors="0" time="0.050">
                <testcase time="0.030" classname="data" name="training_data_has_no_missing_labels"/>
                <testcase time="0.020" classname="data" name="test_data_matches_the_schema">
                  <system-out>Warning: column 'age' coerced to numeric</system-out>
                </testcase>
              </testsuite>
            </testsuites>
            """#

        /// pytest's default `xunit2` family: all on one line, a parametrized test, a failure,
        /// an error on setup, a skip and an xfail.
        static let pytestXunit2 = #"""
            <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1" skipped="2" tests="7" time="1.734" timestamp="2025-03-14T10:26:53.512345+01:00" hostname="0314-092211-abc123-10-139-64-4"><testcase classname="tests.test_features" name="test_scaling[0.5]" time="0.002" /><testcase classname="tests.test_features" name="test_scaling[2-int]" time="0.001" /><testcase classname="tests.test_features.TestEncoder" name="test_roundtrip" time="0.034"><failure message="AssertionError: assert [1, 2] == [1, 3]&#10;  At index 1 diff: 2 != 3">self = &lt;tests.test_features.TestEncoder object at 0x7f3a&gt;

                def test_roundtrip(self):
            &gt;       assert decode(encode([1, 2])) == [1, 3]
            E       AssertionError: assert [1, 2] == [1, 3]

            tests/test_features.py:23: AssertionError</failure></testcase><testcase classname="tests.test_model" name="test_fit" time="0.000"><error message="failed on setup with &quot;FileNotFoundError: [Errno 2] No such file or directory: '/dbfs/tmp/train.csv'&quot;">@pytest.fixture
            def training_data():
            &gt;       return pd.read_csv("/dbfs/tmp/train.csv")
            E       FileNotFoundError: [Errno 2] No such file or directory: '/dbfs/tmp/train.csv'

            tests/conftest.py:9: FileNotFoundError</error></testcase><testcase classname="tests.test_model" name="test_gpu" time="0.000"><skipped type="pytest.skip" message="needs a GPU">/Workspace/Shared/build/churn/42/tests/test_model.py:40: needs a GPU</skipped></testcase><testcase classname="tests.test_model" name="test_known_bug" time="0.001"><skipped type="pytest.xfail" message="issue 12: rounding" /></testcase><testcase classname="tests.test_model" name="test_predict[case-a]" time="0.120" /></testsuite></testsuites>
            """#

        /// pytest's `xunit1` family as older versions wrote it: a bare `<testsuite>` root, `file` and
        /// `line` attributes, `skips` instead of `skipped`, `<properties>`, output, CDATA.
        static let pytestXunit1 = #"""
            <?xml version="1.0" encoding="utf-8"?>
            <testsuite errors="0" failures="1" name="pytest" skips="0" tests="2" time="0.051">
              <testcase classname="tests.test_io" file="tests/test_io.py" line="7" name="test_read" time="0.004">
                <properties><property name="dataset" value="small"/></properties>
              </testcase>
              <testcase classname="tests.test_io" file="tests/test_io.py" line="14" name="test_write" time="0.01"><failure message="assert 3 == 4">def test_write():
            &gt;       assert write_rows(rows) == 4
            E       assert 3 == 4</failure><system-out>wrote 3 rows</system-out><system-err><![CDATA[warning: <slow> disk & "cache"]]></system-err></testcase>
            </testsuite>
            """#

        /// Suites inside suites, as PHPUnit and some Java tools write them.
        static let nested = #"""
            <testsuites name="all" tests="4">
              <testsuite name="outer" tests="2">
                <testsuite name="outer.inner1"><testcase classname="c" name="a" time="1"/></testsuite>
                <testsuite name="outer.inner2"><testcase name="b" time="2"/></testsuite>
              </testsuite>
              <testsuite name="mixed">
                <testcase name="c"/>
                <testsuite name="mixed.child"><testcase name="d"/></testsuite>
              </testsuite>
            </testsuites>
            """#

        /// Every real-shaped fixture, for tests that hold for all of them.
        static let all = [
            Named("testthat", testthat), Named("pytest xunit2", pytestXunit2),
            Named("pytest xunit1", pytestXunit1), Named("nested suites", nested),
        ]

        /// A fixture with a short name, so that a parameterized test shows the name, not the XML.
        struct Named: Sendable, CustomTestStringConvertible {
            var testDescription: String
            var xml: String

            init(_ name: String, _ xml: String) {
                testDescription = name
                self.xml = xml
            }
        }

        static func parse(_ xml: String, file: String = "junit.xml") throws -> TestReport {
            try JUnitParser().parse(Data(xml.utf8), file: file)
        }

        /// A fixed report for the reporters: a testthat failure with its location in the message,
        /// a pytest setup error with `file`/`line` and long details, a skip and two passes.
        static let report = TestReport(suites: [
            TestSuite(
                name: "model", timestamp: "2025-03-14T09:26:53Z", hostname: "driver", time: 0.25,
                cases: [
                    TestCase(classname: "model", name: "loads", time: 0.02),
                    TestCase(
                        classname: "model", name: "coefficients_match", time: 0.118,
                        outcome: .failed(
                            TestFailure(
                                message: "coef(fit) not equal to 1.5. ('test-model.R:12:3')", type: "failure",
                                details: "coef(fit) not equal to 1.5.\n1/1 mismatches\n[1] 1.42 - 1.5 == -0.08\n"
                            ))
                    ),
                    TestCase(classname: "model", name: "gpu_training", outcome: .skipped(message: "Reason: no GPU")),
                ]),
            TestSuite(
                name: "pytest", time: 1.5,
                cases: [
                    TestCase(
                        classname: "tests.test_model", name: "test_fit[small]", time: 1.2,
                        outcome: .error(
                            TestFailure(
                                message: #"failed on setup with "FileNotFoundError""#,
                                details: "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7"
                            )),
                        file: "tests/test_model.py", line: 40
                    ),
                    TestCase(classname: "tests.test_model", name: "test_predict", time: 0.3),
                ]),
        ])
    }
}
