import Foundation
import KilnReports
import Testing

extension ReportsTests {
    /// Results files come from machines Kiln does not control: each hostile file is refused or
    /// read within the stated limits (no DTD, so no external entity and no entity expansion;
    /// nesting to 256 levels; each element's text kept up to 1 MB; files up to 1 GB).
    @Suite struct JUnitHostileInputTests {
        /// A file named in an external entity is never read: its content appears nowhere.
        @Test func anExternalEntityIsRefusedAndItsFileNeverRead() throws {
            let folder = TemporaryFolder("kiln-xxe")
            let secret = try folder.write("secret.txt", "the-secret-content-9f2c")
            let xml = """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [<!ENTITY leak SYSTEM "\(secret.absoluteString)">]>
                <testsuite name="s"><testcase name="&leak;"/></testsuite>
                """
            let error = try #require(throws: JUnitError.self) { try JUnitParser().parse(Data(xml.utf8), file: "xxe.xml") }
            #expect(error.description.hasPrefix("xxe.xml:2:1: not a well-formed JUnit XML file: a DTD (<!DOCTYPE>) is refused"))
            #expect(!error.description.contains("the-secret-content"))
        }

        /// A billion laughs needs a DTD to declare its entities: refused before any expands.
        @Test func aBillionLaughsIsRefused() throws {
            var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
            for level in 1...9 {
                xml += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
            }
            xml += "]>\n<testsuite name=\"&lol9;\"/>\n"
            let error = try #require(throws: JUnitError.self) { try JUnitParser().parse(Data(xml.utf8), file: "lolz.xml") }
            #expect(error.line == 2)
            #expect(error.description.contains("a DTD (<!DOCTYPE>) is refused"))
        }

        /// An entity the file did not declare (there is no DTD to declare one) is an error too.
        @Test func anUndeclaredEntityIsAnErrorNotAnExpansion() throws {
            let xml = "<testsuite name=\"s\"><testcase name=\"x\"><failure>&xxe;</failure></testcase></testsuite>"
            let error = try #require(throws: JUnitError.self) { try JUnitParser().parse(Data(xml.utf8), file: "e.xml") }
            #expect(
                error.description
                    == "e.xml:1:49: not a well-formed JUnit XML file: the entity &xxe; is not declared; XML only knows &amp; &lt; &gt; &quot; &apos; and numeric references"
            )
        }

        @Test func tenThousandLevelsOfNestingAreRefusedAtTheLimit() throws {
            let xml =
                "<testsuites>" + String(repeating: "<testsuite name=\"n\">", count: 10_000)
                + String(repeating: "</testsuite>", count: 10_000) + "</testsuites>"
            let error = try #require(throws: JUnitError.self) { try JUnitParser().parse(Data(xml.utf8), file: "deep.xml") }
            #expect(error.description.contains("elements nest deeper than 256 levels"), "\(error)")
        }

        /// A 200 MB file (a test that printed 200 MB) is read from a mapping, its output kept up
        /// to 1 MB and the rest counted in a note.
        @Test func aTwoHundredMegabyteFileIsReadWithItsOutputCut() throws {
            let folder = TemporaryFolder("kiln-big")
            let url = folder.path("big.xml")
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            try handle.write(contentsOf: Data(#"<testsuite name="big"><testcase classname="c" name="loud"><system-out>"#.utf8))
            let line = Data((String(repeating: "x", count: 1023) + "\n").utf8)
            let block = Data(repeating: 0, count: 0) + (0..<1024).reduce(into: Data()) { data, _ in data.append(line) }
            for _ in 0..<200 { try handle.write(contentsOf: block) }
            try handle.write(contentsOf: Data("</system-out></testcase><testcase name=\"quiet\"/></testsuite>".utf8))
            try handle.close()

            let report = try JUnitParser().parse(contentsOf: url)
            #expect(report.counts.tests == 2)
            let output = report.suites[0].cases[0].systemOut
            #expect(output.utf8.count < 1_048_576 + 100)
            #expect(output.hasSuffix("… [208666624 more bytes not kept]"), "\(output.suffix(60))")
            #expect(report.notes == ["\(url.path): a <system-out> of 200.0 MB was cut to its first MB"])
        }

        /// Cut-off files, stray markup and bad references name the line and column.
        @Test(arguments: [
            ("<testsuite name=\"s\"><testcase name=\"a\"", "1:21", "the file ends inside the tag <testcase>"),
            ("<testsuite name=\"s\">\n<testcase name=\"a\" name=\"b\"/></testsuite>", "2:20", "<testcase> has the attribute name twice"),
            ("<testsuite name=s/>", "1:17", "the value of name in <testsuite> is not quoted"),
            ("<testsuite name=\"a & b\"/>", "1:20", "a & that starts no reference"),
            ("<?xml version=\"1.0\" encoding=\"UTF-16\"?><testsuite/>", "1:1", "declares the encoding utf-16"),
            ("<testsuite name=\"s\"><![CDATA[never closed</testsuite>", "1:21", "a CDATA section is not closed"),
        ])
        func malformedMarkupNamesWhere(_ xml: String, _ location: String, _ reason: String) throws {
            let error = try #require(throws: JUnitError.self) { try JUnitParser().parse(Data(xml.utf8), file: "r.xml") }
            #expect(error.description.hasPrefix("r.xml:\(location): not a well-formed JUnit XML file: "), "\(error)")
            #expect(error.description.contains(reason), "\(error)")
        }
    }
}
