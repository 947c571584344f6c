import KilnReports
import Testing

extension ReportsTests {
    @Suite struct ConsoleReporterTests {
        @Test func summarizesCountsThenEachFailure() {
            #expect(
                ConsoleReporter().render(Fixture.report) == """
                    Tests: 5 (2 passed, 1 failed, 1 errored, 1 skipped) in 1.750 s

                    FAILED model.coefficients_match
                      coef(fit) not equal to 1.5. ('test-model.R:12:3')
                      coef(fit) not equal to 1.5.
                      1/1 mismatches
                      [1] 1.42 - 1.5 == -0.08

                    ERROR tests.test_model.test_fit[small]
                      failed on setup with "FileNotFoundError"
                      line 1
                      line 2
                      line 3
                      line 4
                      line 5
                      ... (2 more lines)

                    """)
        }

        @Test func coloursTheLabelsOnlyWhenAsked() {
            let rendered = ConsoleReporter(ansiColors: true, detailLines: 0).render(Fixture.report)

            #expect(
                rendered == """
                    Tests: 5 (2 passed, 1 failed, 1 errored, 1 skipped) in 1.750 s

                    \u{1B}[1;31mFAILED\u{1B}[0m model.coefficients_match
                      coef(fit) not equal to 1.5. ('test-model.R:12:3')
                      ... (3 more lines)

                    \u{1B}[1;31mERROR\u{1B}[0m tests.test_model.test_fit[small]
                      failed on setup with "FileNotFoundError"
                      ... (7 more lines)

                    """)
            #expect(!ConsoleReporter().render(Fixture.report).contains("\u{1B}"))
        }

        @Test func showsOnlyTheCountsWhenNothingFailed() {
            let report = TestReport(suites: [TestSuite(name: "s", cases: [TestCase(name: "ok", time: 0.0004)])])

            #expect(ConsoleReporter().render(report) == "Tests: 1 (1 passed, 0 failed, 0 errored, 0 skipped) in 0.000 s\n")
        }

        @Test func indentsEveryLineOfAMultiLineMessageAndSkipsBlankDetails() {
            let report = TestReport(suites: [
                TestSuite(
                    name: "s",
                    cases: [
                        TestCase(name: "t", outcome: .failed(TestFailure(message: "first\nsecond", details: "\n\n  \n")))
                    ])
            ])

            #expect(
                ConsoleReporter().render(report) == """
                    Tests: 1 (0 passed, 1 failed, 0 errored, 0 skipped) in 0.000 s

                    FAILED t
                      first
                      second

                    """)
        }
    }
}
