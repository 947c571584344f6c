import Foundation
import KilnAPI
import Testing

/// JSON text read and written the way job settings need it: key order and integers kept.
@Suite("JSON text: order and numbers kept")
struct JSONTextTests {
    @Test(arguments: [
        #"{"z":1,"a":[true,false,null],"m":{"y":-2,"b":"x"}}"#,
        #"{"big":9007199254740993,"ratio":0.25,"tiny":1.0E-7,"s":"a\"b\\c\nd\u0001é/😀"}"#,
        #"[]"#,
        #"{}"#,
    ])
    func compactTextIsWrittenBackByteForByte(_ text: String) throws {
        let value = try JSONValue(parsing: Data(text.utf8))
        let written = String(decoding: value.jsonData(), as: UTF8.self)
        // Numbers with a fraction are written as Swift writes a Double; the rest is the same text.
        #expect(try JSONValue(parsing: Data(written.utf8)) == value)
        if !text.contains("E-7") { #expect(written == text) }
    }

    @Test func integersStayIntegersAndOtherNumbersDoNot() throws {
        let value = try JSONValue(parsing: Data(#"[1, -0, 2.0, 3e2, 9223372036854775807, 9223372036854775808]"#.utf8))
        #expect(value == .array([.integer(1), .integer(0), .number(2.0), .number(300), .integer(.max), .number(9.223372036854775808e18)]))
        #expect(String(decoding: value.jsonData(), as: UTF8.self) == "[1,0,2.0,300.0,9223372036854775807,9.223372036854776e+18]")
    }

    @Test func whitespaceAndEscapesAreRead() throws {
        let value = try JSONValue(parsing: Data(" {\n\t\"k\" : \"\\ud83d\\ude00 \\/ \\t\" } ".utf8))
        #expect(value == .object(["k": "😀 / \t"]))
    }

    @Test func objectsKeepTheirOrderButCompareAsJSON() throws {
        let first = try #require(try JSONValue(parsing: Data(#"{"b":1,"a":2,"b":3}"#.utf8)).objectValue)
        let second: JSONObject = ["a": .integer(2), "b": .integer(3)]
        #expect(first.keys == ["b", "a"])
        #expect(first["b"] == .integer(3))
        #expect(first == second)
        #expect(Set([first, second]).count == 1)
        var patched = first
        patched["b"] = "x"
        patched["c"] = .null
        patched["a"] = nil
        #expect(patched.keys == ["b", "c"])
    }

    @Test(arguments: [
        (#"{"a":1,}"#, 7), (#"{"a" 1}"#, 5), (#"[1 2]"#, 3), (#"tru"#, 0), (#""open"#, 5), (#"{"a":01}"#, 6), ("", 0),
    ])
    func brokenTextSaysWhere(_ text: String, _ offset: Int) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: Data(text.utf8)) }
        do {
            _ = try JSONValue(parsing: Data(text.utf8))
        } catch {
            #expect(error.offset == offset, "\(error)")
        }
    }
}
