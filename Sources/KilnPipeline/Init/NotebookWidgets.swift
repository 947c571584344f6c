/// The widgets a notebook declares or reads (`dbutils.widgets.text("model_path", "")`,
/// `dbutils.widgets.get("model_path")`), in R and Python alike: a test runner already in the
/// repository says through them which parameters it needs.
enum NotebookWidgets {
    static func names(in text: String) -> [String] {
        let call = /dbutils\.widgets\.(?:text|dropdown|combobox|multiselect|get|getArgument)\(\s*(?:name\s*=\s*)?["']([^"'\n]+)["']/
        var names: [String] = []
        for match in text.matches(of: call) where !names.contains(String(match.output.1)) {
            names.append(String(match.output.1))
        }
        return names
    }
}

/// Guesses the value of a test runner's widget from its name and what the scan found:
/// `model_path` is the model file, `data_test_path` the data file named most like it,
/// `tests_path` the tests folder, `results_path` where the JUnit file goes, `build_number` the build.
struct WidgetValueGuess {
    var scan: RepositoryScan
    /// The tests folder the runner runs.
    var testsFolder: String
    /// The runner's JUnit file, below the build's storage folder.
    var resultsFile: String

    private static let storage = "{{build.storage_dir}}"

    /// The template for `widget`, or nil when its name says nothing Kiln can fill in.
    func value(for widget: String) -> String? {
        let words = Set(widget.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        func has(_ candidates: String...) -> Bool { candidates.contains(where: words.contains) }
        if has("result", "results", "junit", "report", "xml") { return "\(Self.storage)/\(resultsFile)" }
        if has("build") && (has("number", "id", "num") || words.count == 1) { return "{{build.id}}" }
        if has("repo", "repository") { return "{{repo.name}}" }
        if has("commit", "sha") { return "{{git.commit}}" }
        if has("branch") { return "{{git.branch}}" }
        if has("notebook") { return "{{build.notebook_path}}" }
        if has("model"), let model = Self.closest(scan.models, to: words) { return "\(Self.storage)/\(model)" }
        if has("test", "tests"), !has("data"), has("path", "dir", "folder", "directory") || words.count == 1 {
            return testsFolder.isEmpty ? Self.storage : "\(Self.storage)/\(testsFolder)"
        }
        if has("data", "train", "test", "dataset"), let file = Self.closest(scan.data, to: words) { return "\(Self.storage)/\(file)" }
        if has("storage", "root", "artifacts", "base") { return Self.storage }
        return nil
    }

    /// The path whose name shares most words with the widget's (the first on a tie).
    private static func closest(_ paths: [String], to words: Set<String>) -> String? {
        paths.max { score($0, words) < score($1, words) }
    }

    private static func score(_ path: String, _ words: Set<String>) -> Int {
        let name = path.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        return Set(name).intersection(words).count
    }
}
