import KilnPipeline
import Testing

extension PipelineTests {
    @Suite("Pipeline: globs")
    struct GlobTests {
        struct Case: CustomTestStringConvertible, Sendable {
            var pattern: String
            var path: String
            var matches: Bool
            var testDescription: String { "\(pattern) \(matches ? "matches" : "does not match") \(path)" }
        }

        static let cases = [
            // `**` at the start, in the middle, at the end
            Case(pattern: "**/*.xml", path: "junit.xml", matches: true),
            Case(pattern: "**/*.xml", path: "results/a/b/junit.xml", matches: true),
            Case(pattern: "**/*.xml", path: "results/junit.json", matches: false),
            Case(pattern: "results/**/*.xml", path: "results/junit.xml", matches: true),
            Case(pattern: "results/**/*.xml", path: "results/r/testthat/junit.xml", matches: true),
            Case(pattern: "results/**/*.xml", path: "other/junit.xml", matches: false),
            Case(pattern: "models/**", path: "models/model.rds", matches: true),
            Case(pattern: "models/**", path: "models/v2/model.rds", matches: true),
            Case(pattern: "models/**", path: "src/models/model.rds", matches: false),
            Case(pattern: "models/**", path: "modelsX/model.rds", matches: false),
            // `*` and `?` stay within a segment
            Case(pattern: "models/*.rds", path: "models/model.rds", matches: true),
            Case(pattern: "models/*.rds", path: "models/v2/model.rds", matches: false),
            Case(pattern: "*.rds", path: "models/model.rds", matches: false),
            Case(pattern: "*", path: ".hidden", matches: true),
            Case(pattern: "model-?.rds", path: "model-1.rds", matches: true),
            Case(pattern: "model-?.rds", path: "model-10.rds", matches: false),
            Case(pattern: "a?b", path: "a/b", matches: false),
            // bracket expressions and escapes
            Case(pattern: "data/[tv]*.csv", path: "data/train.csv", matches: true),
            Case(pattern: "data/[tv]*.csv", path: "data/split.csv", matches: false),
            Case(pattern: "data/[!t]*.csv", path: "data/split.csv", matches: true),
            Case(pattern: "data/[a-c]?.csv", path: "data/b1.csv", matches: true),
            Case(pattern: "data/[a-c]?.csv", path: "data/d1.csv", matches: false),
            Case(pattern: "data/\\*.csv", path: "data/*.csv", matches: true),
            Case(pattern: "data/\\*.csv", path: "data/x.csv", matches: false),
            // a folder means everything under it
            Case(pattern: "databricks", path: "databricks/run_tests.R", matches: true),
            Case(pattern: "databricks/", path: "databricks/lib/util.py", matches: true),
            Case(pattern: "databricks", path: "databricks", matches: true),
            Case(pattern: "databricks", path: "databricks-old/run_tests.R", matches: false),
            Case(pattern: "./models", path: "models/model.rds", matches: true),
            Case(pattern: "models/*", path: "models/v2/model.rds", matches: true),
        ]

        @Test(arguments: cases)
        func matches(_ test: Case) throws {
            #expect(try Glob(test.pattern).matches(test.path) == test.matches)
        }

        @Test(arguments: [
            ("", GlobError.empty),
            ("/results/*.xml", .absolute("/results/*.xml")),
            ("results/../../x", .parentSegment("results/../../x")),
            ("data/[ab", .unclosedBracket("data/[ab")),
            ("data/[z-a]", .invalidRange("data/[z-a]")),
        ])
        func rejects(_ pattern: String, _ expected: GlobError) {
            #expect(throws: expected) { try Glob(pattern) }
        }
    }
}
