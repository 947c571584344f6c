import KilnReports

/// Why a template (the job template, a job parameter, a variable of `kiln.yml`) cannot be rendered:
/// each case names the file, and the line and column of the use when there is one.
public enum TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `{{build.…}}`, `{{repo.…}}`, `{{git.…}}` or `{{var.…}}` with a name that has no value;
    /// `defined` lists the names that have one.
    case undefinedVariable(String, at: CodeLocation, defined: [String])
    /// `{{var.…}}` in the value of a variable: variables may use the build's names, not each other.
    case variableInVariable(String, at: CodeLocation)
    /// `${NAME}` where the environment has no `NAME`, or an empty one.
    case unsetEnvironmentVariable(String, at: CodeLocation)
    case unreadable(file: String, reason: String)
    /// The rendered job template is not valid JSON (the line is known then), or not valid job settings.
    case invalidJobSettings(at: CodeLocation, reason: String)

    public var description: String {
        switch self {
        case .undefinedVariable(let name, let location, let defined):
            let fix =
                name.hasPrefix("var.")
                ? "define `\(name.dropFirst("var.".count))` under `variables:` in \(KilnConfig.fileName), or fix the name"
                : "fix the name"
            return "\(location.diagnosticPrefix): `{{\(name)}}` is not defined; \(fix). Defined: "
                + defined.joined(separator: ", ")
        case .variableInVariable(let name, let location):
            return "\(location.diagnosticPrefix): `{{\(name)}}` is used in a variable, and variables cannot use "
                + "other variables; write the value out, or use `{{\(name)}}` where this variable is used"
        case .unsetEnvironmentVariable(let name, let location):
            return "\(location.diagnosticPrefix): the environment variable `\(name)` is not set (or empty); "
                + "set it in the CI's variables or the shell that runs kiln, or give a default: ${\(name):-value}"
        case .unreadable(let file, let reason):
            return "\(file): cannot read the template: \(reason)"
        case .invalidJobSettings(let location, let reason):
            return "\(location.diagnosticPrefix): the rendered template is not valid job settings (Jobs API JSON): "
                + "\(reason); fix the template"
        }
    }
}
