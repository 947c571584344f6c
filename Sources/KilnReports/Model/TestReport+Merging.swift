extension TestReport {
    /// One report of the suites of all `files`, in file order, for one upload to the CI.
    ///
    /// Suites keep their names. When `prefixingCollidingSuites` is on and a suite name occurs in
    /// more than one file (every pytest file names its suite `pytest`), each suite of that name
    /// becomes `<file name without .xml>/<suite name>`, in every file, so the result does not
    /// depend on file order and tells the files apart. Suites that share a name within one file
    /// are left alone: the producer grouped them so.
    public init(merging files: [ResultFile], prefixingCollidingSuites: Bool = true) {
        let colliding = prefixingCollidingSuites ? Self.namesInSeveralFiles(files) : []
        self.init(
            suites: files.flatMap { file in
                file.report.suites.map { suite in
                    var suite = suite
                    if colliding.contains(suite.name) { suite.name = "\(file.stem)/\(suite.name)" }
                    return suite
                }
            })
        notes = files.flatMap(\.report.notes)
    }

    /// The merged report of `files`, with each file that could not be read as an errored case
    /// of the suite `kiln`: the CI shows it where it shows tests, and the build fails.
    public init(merging files: [ResultFile], unreadable: [(name: String, error: String)]) {
        self.init(merging: files)
        for file in unreadable {
            add(
                TestCase(
                    classname: "kiln.results", name: file.name,
                    outcome: .error(TestFailure(message: "Cannot read the result file: \(file.error)", type: "ResultsError"))),
                toSuiteNamed: "kiln")
        }
    }

    private static func namesInSeveralFiles(_ files: [ResultFile]) -> Set<String> {
        var filesPerName: [String: Int] = [:]
        for file in files {
            for name in Set(file.report.suites.map(\.name)) { filesPerName[name, default: 0] += 1 }
        }
        return Set(filesPerName.filter { $0.value > 1 }.keys)
    }
}
