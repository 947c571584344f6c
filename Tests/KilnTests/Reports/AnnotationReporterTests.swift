import KilnReports
import Testing

extension ReportsTests {
    @Suite struct AnnotationReporterTests {
        /// A failure whose name, file and message hold every character either CI escapes.
        static let awkward = TestReport(suites: [
            TestSuite(
                name: "s",
                cases: [
                    TestCase(
                        classname: "a:b,c", name: "50%;done]\r\nnext",
                        outcome: .failed(TestFailure(message: "100% wrong; see ]", details: "x\r\ny")),
                        file: "dir;x]/f:1,2%.R", line: 3
                    )
                ])
        ])

        @Test func writesOneGitHubErrorPerFailure() {
            #expect(
                GitHubAnnotationReporter().render(Fixture.report) == """
                    ::error title=model.coefficients_match,file=test-model.R,line=12,col=3::coef(fit) not equal to 1.5. ('test-model.R:12:3')%0Acoef(fit) not equal to 1.5.%0A1/1 mismatches%0A[1] 1.42 - 1.5 == -0.08
                    ::error title=tests.test_model.test_fit[small],file=tests/test_model.py,line=40::failed on setup with "FileNotFoundError"%0Aline 1%0Aline 2%0Aline 3%0Aline 4%0Aline 5%0Aline 6%0Aline 7

                    """)
        }

        @Test func escapesGitHubPropertiesAndMessage() {
            #expect(
                GitHubAnnotationReporter().render(Self.awkward) == """
                    ::error title=a%3Ab%2Cc.50%25;done]%0D%0Anext,file=dir;x]/f%3A1%2C2%25.R,line=3::100%25 wrong; see ]%0Ax%0Ay

                    """)
        }

        @Test func writesOneAzureIssuePerFailure() {
            #expect(
                AzureAnnotationReporter(detailLines: 2).render(Fixture.report) == """
                    ##vso[task.logissue type=error;sourcepath=test-model.R;linenumber=12;columnnumber=3]model.coefficients_match: coef(fit) not equal to 1.5. ('test-model.R:12:3')%0Acoef(fit) not equal to 1.5.%0A1/1 mismatches%0A... (1 more lines)
                    ##vso[task.logissue type=error;sourcepath=tests/test_model.py;linenumber=40]tests.test_model.test_fit[small]: failed on setup with "FileNotFoundError"%0Aline 1%0Aline 2%0A... (5 more lines)

                    """)
        }

        @Test func escapesAzurePropertiesAndMessage() {
            #expect(
                AzureAnnotationReporter().render(Self.awkward) == """
                    ##vso[task.logissue type=error;sourcepath=dir%3Bx%5D/f:1,2%AZP25.R;linenumber=3]a:b,c.50%AZP25;done]%0D%0Anext: 100%AZP25 wrong; see ]%0Ax%0Ay

                    """)
        }

        @Test func leavesOutTheLocationWhenThereIsNone() {
            let report = TestReport(suites: [
                TestSuite(
                    name: "s",
                    cases: [
                        TestCase(classname: "c", name: "bare", outcome: .error(TestFailure(message: "")))
                    ])
            ])

            #expect(GitHubAnnotationReporter().render(report) == "::error title=c.bare::c.bare\n")
            #expect(AzureAnnotationReporter().render(report) == "##vso[task.logissue type=error]c.bare\n")
        }

        @Test(arguments: [
            TestReport(),
            TestReport(suites: [
                TestSuite(name: "s", cases: [TestCase(name: "ok"), TestCase(name: "skip", outcome: .skipped(message: "no"))])
            ]),
        ])
        func writesNothingWhenNothingFailed(_ report: TestReport) {
            #expect(GitHubAnnotationReporter().render(report) == "")
            #expect(AzureAnnotationReporter().render(report) == "")
        }

        @Test(arguments: [
            ("expected 1 ('test-a.R:7:5')", CodeLocation(file: "test-a.R", line: 7, column: 5)),
            ("quotes ('x.R:1:1') then ('tests/test-b.R:20:3')", CodeLocation(file: "tests/test-b.R", line: 20, column: 3)),
            ("no location here", nil),
            ("('broken.R:x:1')", nil),
        ])
        func findsTestthatLocationsInFailureMessages(message: String, location: CodeLocation?) {
            let testCase = TestCase(name: "t", outcome: .failed(TestFailure(message: message)))

            #expect(testCase.codeLocation == location)
        }
    }
}
