"""Spark for the embedded engine's Python driver: `spark`, `sc` and `sqlContext` as Databricks
gives them to a notebook, `%sql` cells and SQL notebooks, and `display` of DataFrames.

Apache Spark runs in local mode inside the run's own process tree (pyspark from PyPI, Java 17),
one session per run: two runs never share temp views or configuration, and a run's JVM ends
with it. The session starts on the first use of `spark` (or `sc`, or a SQL cell), so a
notebook that never touches Spark starts no JVM and pays nothing.

Environment (set by the engine): KILN_SPARK_WAREHOUSE, the folder of managed tables;
KILN_SPARK_MASTER, the master URL (default local[*]); KILN_DRIVER_DIR, this folder, which holds
the log4j2 configuration that keeps Spark's own logging to warnings.
"""

import os
import re

NO_PYSPARK = ("this notebook uses Spark (`spark`, `sc`, `%sql` or a SQL notebook), and the Python the engine runs "
              "({python}) has no pyspark: install pyspark and Java 17 (`make test` does: "
              "pip install pyspark, apt-get install openjdk-17-jre-headless), set KILN_PYTHON to a Python "
              "that has them, or run on a workspace target")


class LazySpark:
    """A stand-in for the SparkSession that becomes one on first use."""

    def __init__(self, scratch_dir):
        self._scratch_dir = scratch_dir
        self._session = None

    def session(self):
        if self._session is None:
            self._session = self._start()
        return self._session

    def started(self):
        return self._session is not None

    def stop(self):
        if self._session is not None:
            self._session.stop()

    def __getattr__(self, name):
        return getattr(self.session(), name)

    def __repr__(self):
        return repr(self._session) if self._session is not None else "<SparkSession (starts on first use)>"

    def _start(self):
        import sys
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise RuntimeError(NO_PYSPARK.format(python=sys.executable)) from None
        log_config = os.path.join(os.environ.get("KILN_DRIVER_DIR", os.path.dirname(__file__)), "log4j2.properties")
        java_options = f"-Dlog4j.configurationFile=file:{log_config} -Dderby.system.home={self._scratch_dir}"
        builder = (SparkSession.builder
                   .master(os.environ.get("KILN_SPARK_MASTER", "local[*]"))
                   .appName("kiln")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.local.dir", os.path.join(self._scratch_dir, "local"))
                   .config("spark.sql.warehouse.dir", os.environ.get("KILN_SPARK_WAREHOUSE",
                                                                     os.path.join(self._scratch_dir, "warehouse")))
                   .config("spark.driver.extraJavaOptions", java_options)
                   .config("spark.sql.shuffle.partitions", "4"))
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("WARN")
        return session


class LazyAttribute:
    """`sc` and `sqlContext`: an attribute of the session, reached when first used."""

    def __init__(self, spark, get):
        self._spark = spark
        self._get = get

    def __getattr__(self, name):
        return getattr(self._get(self._spark.session()), name)


def is_spark_dataframe(obj):
    return type(obj).__module__.startswith("pyspark.sql") and type(obj).__name__ == "DataFrame"


def display(obj, limit=1000):
    """A Spark or pandas DataFrame as a table in the log (Databricks shows up to 1000 rows in the
    notebook); anything else printed."""
    if is_spark_dataframe(obj):
        obj.show(n=limit, truncate=False)
    elif type(obj).__module__.startswith("pandas") and hasattr(obj, "to_string"):
        print(obj.head(limit).to_string())
    else:
        print(obj)


# ---------------------------------------------------------------------------------------------
# SQL cells


WIDGET_STATEMENT = re.compile(
    r"^\s*CREATE\s+WIDGET\s+(TEXT|DROPDOWN|COMBOBOX|MULTISELECT)\s+(`[^`]+`|\w+)\s+DEFAULT\s+'((?:[^'\\]|\\.)*)'"
    r"(?:\s+CHOICES\s+(.*))?\s*$", re.IGNORECASE | re.DOTALL)
REMOVE_WIDGET = re.compile(r"^\s*REMOVE\s+WIDGET\s+(`[^`]+`|\w+)\s*$", re.IGNORECASE)
DOLLAR_REFERENCE = re.compile(r"\$\{([A-Za-z_][\w.]*)\}|\$([A-Za-z_]\w*)")
# :name, not ::type casts and not inside a word (a time like 10:30 has a digit before the colon).
PARAMETER_MARKER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def statements(text):
    """The statements of a SQL cell: split on `;` outside quotes and comments."""
    parts, current, quote, index = [], [], None, 0
    while index < len(text):
        char = text[index]
        pair = text[index:index + 2]
        if quote is None and pair == "--":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        if quote is None and pair == "/*":
            end = text.find("*/", index + 2)
            index = len(text) if end < 0 else end + 2
            continue
        if quote is not None:
            current.append(char)
            if char == "\\" and index + 1 < len(text):
                current.append(text[index + 1])
                index += 2
                continue
            if char == quote:
                quote = None
        elif char in "'\"`":
            quote = char
            current.append(char)
        elif char == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def run_sql(text, spark, widgets):
    """Runs a SQL cell as Databricks does: each statement in order in the run's one session, widget
    statements on the widgets, `${name}` replaced by a widget's value, `:name` markers bound to
    widget values, and the last statement's result displayed when it has columns."""
    result = None
    for statement in statements(text):
        created = WIDGET_STATEMENT.match(statement)
        if created:
            kind, name, default, choices = created.groups()
            name = name.strip("`")
            default = default.replace("\\'", "'")
            if kind.upper() in ("DROPDOWN", "COMBOBOX", "MULTISELECT") and choices:
                options = [row[0] for row in spark.sql(choices).collect()] if choices.strip().upper().startswith("SELECT") else []
                getattr(widgets, kind.lower())(name, default, options or [default])
            else:
                widgets.text(name, default)
            result = None
            continue
        removed = REMOVE_WIDGET.match(statement)
        if removed:
            widgets.remove(removed.group(1).strip("`"))
            result = None
            continue
        statement = DOLLAR_REFERENCE.sub(lambda match: widgets.getArgument(match.group(1) or match.group(2), match.group(0)), statement)
        markers = {name for name in PARAMETER_MARKER.findall(statement)}
        arguments = {name: widgets.get(name) for name in markers}
        result = spark.sql(statement, args=arguments) if arguments else spark.sql(statement)
    if result is not None and result.columns:
        display(result)
    return result
