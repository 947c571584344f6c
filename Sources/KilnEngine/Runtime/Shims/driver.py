"""Kiln's Python driver: runs one Databricks program (a notebook's cells, or a Python file) in
this process for the embedded engine, with a `dbutils` shim.

Invocation (by the engine):
    python3 driver.py <context-dir> [argv...]
  Working directory: the notebook's workspace folder (its files copied out by the engine), or
  <context-dir>/work for a Python file; %sh cells run there too, and imports find its modules.
  Environment: KILN_STORE, the absolute local folder that backs dbfs:/. The extra argv is for a Python-file task: sys.argv becomes [program name] + argv,
  the program name being the first segment's origin label.

Context folder (written by the engine before the run):
  params               supplied widget values, one `key=value` a line, both percent-encoded UTF-8
  segments/NNNN.KIND   the program, run in name order. KIND is one of
                         sql      a SQL cell (of a SQL notebook, or %sql): run in the run's Spark
                                  session, its last result displayed (kiln_spark.py)
                         code     Python source, run at top level in one shared `__main__`
                                  namespace; a last expression statement that is not None has
                                  its repr printed
                         sh       a bash script, run by `bash` in the work directory; the cell
                                  fails when its last command fails, as on Databricks
                         notice   text copied to stdout as is
                         widgets  lines in the params format: supplied values from there on,
                                  until the matching endrun (a %run's arguments)
                         endrun   the end of a %run with arguments: the caller's values again
  segments/NNNN.origin the segment's label (`notebook /Shared/x, cell 3`): its file name in
                       tracebacks and messages
  out/                 written here:
                         exit_value   the value given to dbutils.notebook.exit, as str
                         error        on failure: the exception line
                                      (`ZeroDivisionError: division by zero`)
                         error_trace  on failure: the traceback, without this driver's frames
                                      (the message itself for a failed %sh cell)

Exit status: 0 on success, after dbutils.notebook.exit, and on SystemExit(0 or None); 1 on failure,
the traceback also going to stderr as Python would print it. stdout is line-buffered and flushed
around every segment, so the program's output and its %sh cells' output stay in order.

In the program's globals: `dbutils` (kiln_dbutils.py; notebook.run hands the call to the engine
through $KILN_CALLS, kiln_notebook_calls.py), `display` (DataFrames as tables, anything else
printed), `displayHTML` (prints the HTML), and `spark`, `sc` and `sqlContext`, which start a local
Spark session on first use (kiln_spark.py). The environment gives the context:
KILN_NOTEBOOK_PATH, KILN_JOB_ID, KILN_JOB_RUN_ID, KILN_TASK_RUN_ID, KILN_TASK_KEY, and
KILN_TASK_VALUES, the job run's folder of task values. dbutils.notebook.exit raises a
BaseException that ends the program at once; where a test runner catches it anyway (pytest and
unittest catch every exception of a test), the program ends when the cell returns, with the exit
value. A first import of a package a Databricks Runtime has preinstalled (pandas, numpy, pyspark:
$KILN_RUNTIME_MODULES) that this Python lacks asks the engine to install it.

Python 3.8 or later; only the standard library, so the driver needs nothing installed.
"""

import ast
import collections
import linecache
import os
import subprocess
import sys
import traceback
import types
import urllib.parse


# ---------------------------------------------------------------------------------------------
# Outcomes that end the program


class ProgramFailure(Exception):
    """A failure that is not an exception of the program's code (a failed %sh cell, a malformed
    context folder): reported by its message alone, with no traceback."""


def ends_successfully(system_exit):
    """Whether a SystemExit ends the program successfully, as it ends a Python process."""
    return system_exit.code is None or system_exit.code == 0


# ---------------------------------------------------------------------------------------------
# The context folder


Segment = collections.namedtuple("Segment", "kind path origin")


def read_text(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def read_params(path):
    """The `key=value` lines of a params or widgets file, decoded."""
    values = {}
    for line in read_text(path).splitlines():
        if not line:
            continue
        key, separator, value = line.partition("=")
        if not separator:
            raise ProgramFailure(f"Malformed line in {path}: {line!r} (expected key=value)")
        values[urllib.parse.unquote(key)] = urllib.parse.unquote(value)
    return values


def read_segments(folder):
    """The program's segments in run order, each with its origin label."""
    segments = []
    for name in sorted(os.listdir(folder)):
        stem, extension = os.path.splitext(name)
        if extension == ".origin":
            continue
        origin_path = os.path.join(folder, stem + ".origin")
        label = read_text(origin_path).rstrip("\r\n") if os.path.exists(origin_path) else ""
        origin = label or name
        segments.append(Segment(extension[1:], os.path.join(folder, name), origin))
    return segments


def write_output(out_dir, name, text):
    with open(os.path.join(out_dir, name), "w", encoding="utf-8",
              errors="backslashreplace", newline="") as file:
        file.write(text)


def load_sibling(name):
    """A module of this folder (kiln_dbutils.py, kiln_spark.py, kiln_notebook_calls.py), loaded
    without putting the folder on sys.path, where the program's own imports would see it."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kiln_dbutils = load_sibling("kiln_dbutils")
kiln_spark = load_sibling("kiln_spark")
kiln_notebook_calls = load_sibling("kiln_notebook_calls")


def display(*objects, **options):
    """Databricks renders its argument as a table or chart; a log can only print it: DataFrames
    (Spark, pandas) as tables, anything else as print shows it. Display options (keyword
    arguments) are accepted so that notebooks run, and have no effect."""
    for obj in objects:
        kiln_spark.display(obj)


def displayHTML(html):
    """Databricks renders the HTML; a log shows it as it is."""
    print(html)


def new_main_namespace(dbutils, spark):
    """The globals all code segments share. They are a real `__main__` module, because
    unittest.main(), pickle and others look the program up in sys.modules['__main__']."""
    module = types.ModuleType("__main__")
    module.dbutils = dbutils
    module.display = display
    module.displayHTML = displayHTML
    module.spark = spark
    module.sc = kiln_spark.LazyAttribute(spark, lambda session: session.sparkContext)
    module.sqlContext = kiln_spark.LazyAttribute(spark, lambda session: session)
    sys.modules["__main__"] = module
    return module.__dict__


# ---------------------------------------------------------------------------------------------
# Running the segments


def flush_output():
    sys.stdout.flush()
    sys.stderr.flush()


def run_code(segment, namespace):
    """Runs a cell as a notebook does: its last expression statement's value, unless None, is
    printed. The origin label is the code's file name, and its source is registered in
    linecache under that name so that tracebacks show the lines."""
    source = read_text(segment.path)
    linecache.cache[segment.origin] = (len(source), None, source.splitlines(True), segment.origin)
    module = compile(source, segment.origin, "exec", ast.PyCF_ONLY_AST)
    last_expression = None
    if module.body and isinstance(module.body[-1], ast.Expr):
        last_expression = ast.Expression(module.body.pop().value)
    exec(compile(module, segment.origin, "exec"), namespace)
    if last_expression is not None:
        value = eval(compile(last_expression, segment.origin, "eval"), namespace)
        if value is not None:
            print(repr(value))


def run_shell(segment, work_dir):
    flush_output()
    status = subprocess.run(["bash", segment.path], cwd=work_dir,
                            stdin=subprocess.DEVNULL).returncode
    if status != 0:
        # A signal shows as -N in Python; report it as a shell would, 128 + N.
        status = status if status > 0 else 128 - status
        raise ProgramFailure(f"%sh cell failed with exit status {status} ({segment.origin})")


def run_notice(segment):
    with open(segment.path, "rb") as notice:
        data = notice.read()
    sys.stdout.flush()
    sys.stdout.buffer.write(data)


def run_segments(segments, namespace, dbutils, work_dir):
    for segment in segments:
        try:
            if segment.kind == "code":
                run_code(segment, namespace)
            elif segment.kind == "sql":
                kiln_spark.run_sql(read_text(segment.path), namespace["spark"], dbutils.widgets)
            elif segment.kind == "sh":
                run_shell(segment, work_dir)
            elif segment.kind == "notice":
                run_notice(segment)
            elif segment.kind == "widgets":
                dbutils.widgets.push(read_params(segment.path))
            elif segment.kind == "endrun":
                dbutils.widgets.pop()
            else:
                raise ProgramFailure(f"Unknown segment kind {segment.kind!r} "
                                     f"({os.path.basename(segment.path)})")
        finally:
            flush_output()
        if dbutils.notebook.exit_value is not None:
            return


# ---------------------------------------------------------------------------------------------
# Reporting a failure


def without_driver_frames(exception):
    """The exception's TracebackException with this file's frames removed, in chained
    exceptions too, so that the trace starts in the program's code."""
    driver_file = os.path.abspath(__file__)
    report = traceback.TracebackException.from_exception(exception)
    pending, seen = [report], set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        current.stack = traceback.StackSummary.from_list(
            [frame for frame in current.stack if os.path.abspath(frame.filename) != driver_file])
        # `exceptions` holds an ExceptionGroup's members (Python 3.11 and later).
        members = getattr(current, "exceptions", None) or []
        pending.extend([current.__cause__, current.__context__, *members])
    return report


def describe_failure(exception):
    """The (error, error_trace) pair for out/: the exception line and the whole traceback."""
    if isinstance(exception, ProgramFailure):
        return str(exception), str(exception)
    report = without_driver_frames(exception)
    lines = list(report.format_exception_only())
    # A SyntaxError first shows where it is (indented lines); that belongs to the trace only.
    while len(lines) > 1 and lines[0].startswith("  "):
        lines.pop(0)
    return "".join(lines).rstrip("\n"), "".join(report.format())


# ---------------------------------------------------------------------------------------------
# Main


def import_from(work_dir):
    """Lets the program import from its working directory, as a notebook does, and never from
    this driver's folder, which Python put first on sys.path."""
    driver_dir = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == driver_dir:
        sys.path[0] = work_dir
    else:
        sys.path.insert(0, work_dir)


def main(argv):
    sys.stdout.reconfigure(line_buffering=True)
    context_dir = os.path.abspath(argv[1])
    out_dir = os.path.join(context_dir, "out")
    work_dir = os.getcwd()
    import_from(work_dir)
    kiln_notebook_calls.install_runtime_packages()

    task_values = kiln_dbutils.TaskValuesUtils(os.environ.get("KILN_TASK_VALUES") or None, os.environ.get("KILN_TASK_KEY", ""))
    store = kiln_dbutils.Store(os.environ.get("KILN_STORE"))
    dbutils = kiln_dbutils.DBUtils(
        kiln_dbutils.WidgetsUtils(store),
        kiln_dbutils.NotebookUtils(kiln_dbutils.NotebookContext(os.environ), kiln_notebook_calls.run),
        kiln_dbutils.FileSystemUtils(store), kiln_dbutils.JobsUtils(task_values), kiln_dbutils.LibraryUtils(),
        kiln_dbutils.SecretsUtils(os.environ.get("KILN_SCOPES"), read_params))
    spark = kiln_spark.LazySpark(os.path.join(context_dir, "spark"))
    failure = None
    try:
        dbutils.widgets.supply(read_params(os.path.join(context_dir, "params")))
        segments = read_segments(os.path.join(context_dir, "segments"))
        sys.argv = [segments[0].origin if segments else ""] + argv[2:]
        run_segments(segments, new_main_namespace(dbutils, spark), dbutils, work_dir)
    except SystemExit as system_exit:
        failure = None if ends_successfully(system_exit) else system_exit
    except BaseException as exception:  # whatever ends the program must reach out/error
        failure = exception
    flush_output()
    if spark.started():
        try:
            spark.stop()
        except Exception:  # the JVM ends with this process in any case
            pass

    if dbutils.notebook.exit_value is not None:
        write_output(out_dir, "exit_value", dbutils.notebook.exit_value)
        return 0
    if failure is None:
        return 0
    error, trace = describe_failure(failure)
    write_output(out_dir, "error", error)
    write_output(out_dir, "error_trace", trace)
    sys.stderr.write(trace if trace.endswith("\n") else trace + "\n")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
