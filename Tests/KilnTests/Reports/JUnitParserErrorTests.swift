import Foundation
import KilnReports
import Testing

extension ReportsTests {
    @Suite struct JUnitParserErrorTests {
        /// A bad input, the line its error must name and words its reason must contain.
        struct BadInput: CustomTestStringConvertible, Sendable {
            var label: String
            var xml: String
            var line: Int
            var says: String
            var testDescription: String { label }
        }

        static let badInputs = [
            BadInput(label: "empty", xml: "", line: 1, says: "the file is empty"),
            BadInput(label: "blank", xml: "  \n\n", line: 1, says: "the file is empty"),
            BadInput(
                label: "no root element", xml: "<?xml version=\"1.0\"?>\n<!-- tests did not run -->\n",
                line: 3, says: "the file has no root element"
            ),
            BadInput(label: "a few bytes", xml: "<t", line: 1, says: "the file ends inside the tag <t>"),
            BadInput(label: "not XML", xml: "Error: cluster terminated\n", line: 1, says: "not XML"),
            BadInput(label: "JSON", xml: #"{"tests": 3}"#, line: 1, says: "not XML"),
            BadInput(
                label: "truncated",
                xml: "<testsuites>\n  <testsuite name=\"a\">\n    <testcase name=\"x\">",
                line: 3, says: "ends inside <testcase>"
            ),
            BadInput(
                label: "mismatched end tag",
                xml: "<testsuites>\n  <testsuite name=\"a\">\n    <testcase name=\"x\"></testsuite>\n</testsuites>",
                line: 3, says: "does not match the open <testcase>"
            ),
            BadInput(
                label: "content after the root",
                xml: "<testsuites/>\n<testsuites/>", line: 2, says: "after the end of the root element"
            ),
            BadInput(
                label: "undeclared entity",
                xml: "<testsuite name=\"s\">\n  <testcase name=\"a&nbsp;b\"/>\n</testsuite>",
                line: 2, says: "the entity &nbsp; is not declared"
            ),
            BadInput(
                label: "wrong root",
                xml: "<?xml version=\"1.0\"?>\n<html><body>502 Bad Gateway</body></html>",
                line: 2, says: "the root element is <html>, expected <testsuites> or <testsuite>"
            ),
            BadInput(
                label: "testcase outside a testsuite",
                xml: "<testsuites>\n  <testcase name=\"orphan\"/>\n</testsuites>",
                line: 2, says: "<testcase> is not inside a <testsuite>"
            ),
        ]

        @Test(arguments: badInputs)
        func namesTheFileTheLineAndTheProblem(_ input: BadInput) throws {
            let error = try #require(throws: JUnitError.self) {
                try JUnitParser().parse(Data(input.xml.utf8), file: "results/test-model.xml")
            }

            #expect(error.file == "results/test-model.xml")
            #expect(error.line == input.line)
            #expect(error.description.hasPrefix("results/test-model.xml:\(input.line):"))
            #expect(error.description.contains(input.says), "\(error)")
        }

        @Test func describesTheWrongRootExactly() throws {
            let error = try #require(throws: JUnitError.self) {
                try JUnitParser().parse(Data("<coverage/>".utf8), file: "cov.xml")
            }

            #expect(error == .unexpectedRoot(file: "cov.xml", line: 1, element: "coverage"))
            #expect(
                error.description == "cov.xml:1: not a JUnit report: the root element is <coverage>, "
                    + "expected <testsuites> or <testsuite>; check which files the results pattern collects")
        }
    }
}
