/// A child process's environment: it holds every secret of Kiln's own, so it never shows itself.
struct ChildEnvironment: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    let variables: [String: String]

    init(_ variables: [String: String]) {
        self.variables = variables
    }

    var description: String { "<environment>" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}
