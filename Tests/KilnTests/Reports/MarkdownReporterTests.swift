import KilnReports
import Testing

extension ReportsTests {
    @Suite struct MarkdownReporterTests {
        @Test func tablesTheSuitesAndFoldsTheFailures() {
            #expect(
                MarkdownReporter().render(Fixture.report) == """
                    ## Test results

                    Tests: 5 (2 passed, 1 failed, 1 errored, 1 skipped) in 1.750 s

                    | Suite | Tests | Passed | Failed | Errored | Skipped | Time (s) |
                    | :--- | ---: | ---: | ---: | ---: | ---: | ---: |
                    | `model` | 3 | 1 | 1 | 0 | 1 | 0.250 |
                    | `pytest` | 2 | 1 | 0 | 1 | 0 | 1.500 |

                    <details>
                    <summary>Failed tests: 2</summary>

                    **FAILED** `model.coefficients_match`

                    ```text
                    coef(fit) not equal to 1.5. ('test-model.R:12:3')
                    coef(fit) not equal to 1.5.
                    1/1 mismatches
                    [1] 1.42 - 1.5 == -0.08
                    ```

                    **ERROR** `tests.test_model.test_fit[small]`

                    ```text
                    failed on setup with "FileNotFoundError"
                    line 1
                    line 2
                    line 3
                    line 4
                    line 5
                    line 6
                    line 7
                    ```

                    </details>

                    """)
        }

        @Test func saysSoWhenThereAreNoResults() {
            #expect(MarkdownReporter().render(TestReport()) == "## Test results\n\nNo test results.\n")
        }

        @Test func leavesOutTheDetailsBlockWhenNothingFailed() {
            let report = TestReport(suites: [TestSuite(name: "s", cases: [TestCase(name: "ok", time: 1)])])

            #expect(
                MarkdownReporter().render(report) == """
                    ## Test results

                    Tests: 1 (1 passed, 0 failed, 0 errored, 0 skipped) in 1.000 s

                    | Suite | Tests | Passed | Failed | Errored | Skipped | Time (s) |
                    | :--- | ---: | ---: | ---: | ---: | ---: | ---: |
                    | `s` | 1 | 1 | 0 | 0 | 0 | 1.000 |

                    """)
        }

        @Test func keepsPipesBackticksAndHTMLFromBreakingTheMarkdown() {
            let report = TestReport(suites: [
                TestSuite(
                    name: "a|b `c`",
                    cases: [
                        TestCase(
                            classname: "x", name: "``y``\nz",
                            outcome: .failed(TestFailure(message: "<script>alert(1)</script>", details: "```\ncode\n````"))
                        )
                    ])
            ])

            let rendered = MarkdownReporter(detailLines: 3).render(report)

            #expect(rendered.contains("| `` a\\|b `c` `` | 1 | 0 | 1 | 0 | 0 | 0.000 |"))
            #expect(rendered.contains("**FAILED** ```x.``y`` z```"))
            #expect(
                rendered.contains(
                    """
                    `````text
                    <script>alert(1)</script>
                    ```
                    code
                    ````
                    `````
                    """))
        }
    }
}
