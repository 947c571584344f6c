import KilnReports
import Testing

extension ReportsTests {
    @Suite struct ReportMergingTests {
        private func files() throws -> [ResultFile] {
            [
                ResultFile(name: "r/test-model.xml", report: try Fixture.parse(Fixture.testthat)),
                ResultFile(name: "py/unit.xml", report: try Fixture.parse(Fixture.pytestXunit2)),
                ResultFile(name: "py/io.xml", report: try Fixture.parse(Fixture.pytestXunit1)),
            ]
        }

        @Test func keepsUniqueNamesAndPrefixesNamesFoundInSeveralFiles() throws {
            let merged = TestReport(merging: try files())

            #expect(merged.suites.map(\.name) == ["model", "data", "py/unit/pytest", "py/io/pytest"])
            #expect(merged.counts == TestCounts(tests: 17, passed: 9, failures: 3, errors: 2, skipped: 3))
            #expect(merged.suites.map(\.cases) == (try files()).flatMap { $0.report.suites.map(\.cases) })
        }

        @Test func prefixesTheSameWayWhateverTheFileOrder() throws {
            let forward = TestReport(merging: try files())
            let backward = TestReport(merging: try files().reversed())

            #expect(Set(forward.suites.map(\.name)) == Set(backward.suites.map(\.name)))
        }

        @Test func keepsNamesAsWrittenWhenPrefixingIsOff() throws {
            let merged = TestReport(merging: try files(), prefixingCollidingSuites: false)

            #expect(merged.suites.map(\.name) == ["model", "data", "pytest", "pytest"])
        }

        @Test func leavesNamesSharedWithinOneFileAlone() {
            let twice = TestReport(suites: [TestSuite(name: "s", cases: []), TestSuite(name: "s", cases: [])])
            let other = TestReport(suites: [TestSuite(name: "t", cases: [])])
            let merged = TestReport(merging: [
                ResultFile(name: "a.xml", report: twice), ResultFile(name: "b.xml", report: other),
            ])

            #expect(merged.suites.map(\.name) == ["s", "s", "t"])
        }

        @Test func mergingNothingGivesAnEmptyReport() {
            let merged = TestReport(merging: [])

            #expect(merged.suites.isEmpty)
            #expect(merged.counts == .zero)
            #expect(!merged.hasFailures)
        }

        @Test func addsARunFailureInASuiteOfItsOwn() throws {
            var report = try Fixture.parse(Fixture.pytestXunit1)
            let died = TestCase.runFailure(
                notebookPath: "/Shared/build/churn/42/run_tests",
                message: "Run 981 ended INTERNAL_ERROR: cluster terminated",
                details: "Driver is temporarily unavailable"
            )
            report.add(died, toSuiteNamed: "kiln")
            report.add(.runFailure(notebookPath: "/Shared/build/churn/42/score", message: "TIMEDOUT"), toSuiteNamed: "kiln")

            #expect(report.suites.map(\.name) == ["pytest", "kiln"])
            #expect(
                report.suites[1].cases == [
                    TestCase(
                        classname: "/Shared/build/churn/42/run_tests", name: "run",
                        outcome: .failed(
                            TestFailure(
                                message: "Run 981 ended INTERNAL_ERROR: cluster terminated", type: "RunFailure",
                                details: "Driver is temporarily unavailable"
                            ))
                    ),
                    TestCase(
                        classname: "/Shared/build/churn/42/score", name: "run",
                        outcome: .failed(TestFailure(message: "TIMEDOUT", type: "RunFailure"))
                    ),
                ])
            #expect(report.counts.failures == 3)
            #expect(report.hasFailures)
        }

        @Test func addsToAnExistingSuiteAndItsTime() {
            var report = TestReport(suites: [TestSuite(name: "kiln", time: 1, cases: [TestCase(name: "a", time: 1)])])
            report.add(TestCase(name: "b", time: 0.5), toSuiteNamed: "kiln")

            #expect(report.suites.count == 1)
            #expect(report.suites[0].cases.map(\.name) == ["a", "b"])
            #expect(report.suites[0].time == 1.5)
        }
    }
}
