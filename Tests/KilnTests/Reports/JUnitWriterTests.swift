import Foundation
import KilnReports
import Testing

extension ReportsTests {
    @Suite struct JUnitWriterTests {
        @Test func writesThePortableSubsetDeterministically() {
            let written = JUnitWriter().write(Fixture.report)

            #expect(
                written == #"""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <testsuites tests="5" failures="1" errors="1" time="1.750">
                      <testsuite name="model" tests="3" failures="1" errors="0" skipped="1" time="0.250" timestamp="2025-03-14T09:26:53Z" hostname="driver">
                        <testcase classname="model" name="loads" time="0.020"/>
                        <testcase classname="model" name="coefficients_match" time="0.118">
                          <failure message="coef(fit) not equal to 1.5. ('test-model.R:12:3')" type="failure">coef(fit) not equal to 1.5.
                    1/1 mismatches
                    [1] 1.42 - 1.5 == -0.08
                    </failure>
                        </testcase>
                        <testcase classname="model" name="gpu_training" time="0.000">
                          <skipped message="Reason: no GPU"/>
                        </testcase>
                      </testsuite>
                      <testsuite name="pytest" tests="2" failures="0" errors="1" skipped="0" time="1.500">
                        <testcase classname="tests.test_model" name="test_fit[small]" time="1.200">
                          <error message="failed on setup with &quot;FileNotFoundError&quot;">line 1
                    line 2
                    line 3
                    line 4
                    line 5
                    line 6
                    line 7</error>
                        </testcase>
                        <testcase classname="tests.test_model" name="test_predict" time="0.300"/>
                      </testsuite>
                    </testsuites>

                    """#)
            #expect(JUnitWriter().write(Fixture.report) == written)
        }

        @Test func writesAnEmptyReportAndEmptySuites() {
            let written = JUnitWriter().write(TestReport(suites: [TestSuite(name: "none", cases: [])]))

            #expect(
                written == """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <testsuites tests="0" failures="0" errors="0" time="0.000">
                      <testsuite name="none" tests="0" failures="0" errors="0" skipped="0" time="0.000"/>
                    </testsuites>

                    """)
        }

        @Test func escapesAttributesAndText() {
            let report = TestReport(suites: [
                TestSuite(
                    name: #"a "quoted" <suite> & more"#,
                    cases: [
                        TestCase(
                            classname: "tab\there", name: "line\nbreak\r\nand 'apostrophe'",
                            outcome: .failed(TestFailure(message: "x < 1 & y > 2", details: "<tag> & ]]> \"q\"\r\n\ttab")),
                            systemOut: "café 漢字 😀"
                        )
                    ])
            ])

            let written = JUnitWriter().write(report)

            #expect(written.contains(#"<testsuite name="a &quot;quoted&quot; &lt;suite&gt; &amp; more""#))
            #expect(written.contains(#"<testcase classname="tab&#9;here" name="line&#10;break&#13;&#10;and 'apostrophe'""#))
            #expect(
                written.contains(
                    #"<failure message="x &lt; 1 &amp; y &gt; 2">&lt;tag&gt; &amp; ]]&gt; "q"&#13;"#
                        + "\n\ttab</failure>"))
            #expect(written.contains("<system-out>café 漢字 😀</system-out>"))
        }

        @Test func removesCharactersXMLCannotCarry() throws {
            let report = TestReport(suites: [
                TestSuite(
                    name: "s\u{0}",
                    cases: [
                        TestCase(
                            name: "bell\u{7}", outcome: .failed(TestFailure(message: "\u{1B}[31mred\u{1B}[0m\u{FFFE}")),
                            systemErr: "form\u{C}feed \u{FFFF}end \u{10FFFF}"
                        )
                    ])
            ])

            let reread = try Fixture.parse(JUnitWriter().write(report))

            #expect(reread.suites[0].name == "s")
            #expect(reread.suites[0].cases[0].name == "bell")
            #expect(reread.suites[0].cases[0].outcome.failure?.message == "[31mred[0m")
            #expect(reread.suites[0].cases[0].systemErr == "formfeed end \u{10FFFF}")
        }

        @Test func roundTripsAReportWithAwkwardText() throws {
            let report = TestReport(suites: [
                TestSuite(
                    name: #"<"&'>"#, timestamp: "2025-03-14T10:26:53+01:00", hostname: "h", time: 12,
                    cases: [
                        TestCase(
                            classname: "a.b", name: "t[1-\"x\"]", time: 0.001,
                            outcome: .error(TestFailure(message: "m\r\n\tn ", type: "ValueError", details: "  d\r\ne ]]> ")),
                            systemOut: "  out\n", systemErr: "\r\n"
                        ),
                        TestCase(name: "s", outcome: .skipped(message: "because & why")),
                        TestCase(name: "empty skip", outcome: .skipped(message: "")),
                        TestCase(name: "f", time: 3600.5, outcome: .failed(TestFailure(message: "", details: "only text"))),
                    ]),
                TestSuite(name: "no cases", cases: []),
            ])

            #expect(try Fixture.parse(JUnitWriter().write(report)) == report)
        }

        @Test(arguments: ReportsTests.Fixture.all)
        func roundTripsParsedFixtures(_ fixture: Fixture.Named) throws {
            var report = try Fixture.parse(fixture.xml)
            // The schema has no place for a case's file and line: they go to annotations instead.
            for suite in report.suites.indices {
                for index in report.suites[suite].cases.indices {
                    report.suites[suite].cases[index].file = nil
                    report.suites[suite].cases[index].line = nil
                }
            }
            report.notes = []

            #expect(try Fixture.parse(JUnitWriter().write(report)) == report)
        }
    }
}
