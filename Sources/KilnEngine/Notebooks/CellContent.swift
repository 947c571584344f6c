import KilnAPI

/// What a cell holds, decided by its magic command (or the absence of one).
///
/// Text is stored with the `MAGIC` prefixes and the magic command itself removed, and without
/// leading or trailing blank lines.
public enum CellContent: Sendable, Hashable {
    /// Code in the notebook's own language (a plain cell, or one under its own language magic).
    case code(String)
    /// `%md` or `%md-sandbox`: documentation, rendered in the UI and never run.
    case markdown(String)
    /// `%run <path> [$key=value …]`: the path exactly as written, and the widget values it passes.
    case run(path: String, arguments: [String: String])
    /// `%sh`: a bash script that runs on the driver.
    case shell(String)
    /// `%pip`: the pip command line after the magic, e.g. `install pandas`.
    case pip(String)
    /// `%fs`: the dbutils.fs command line after the magic, e.g. `ls /tmp`.
    case fs(String)
    /// A language magic (`%sql` in a Python notebook, …) naming another language than the notebook's.
    case foreignLanguage(NotebookLanguage, code: String)
    /// An IPython magic Databricks accepts and that changes nothing a job's verdict depends on
    /// (`%restart_python`, `%load_ext autoreload`, `%matplotlib inline`…): its line.
    case ipythonMagic(String)
    /// A `%xyz` magic this engine does not know; holds the magic word, `%` included.
    case unknownMagic(String)
}
