"""The `dbutils` of Kiln's Python driver: the parts the embedded engine can honour, as
Databricks names and words them. driver.py builds one DBUtils per run and puts it in the
program's globals; this module holds no state of its own.

dbutils.widgets (supplied values win over defaults; storage paths mapped to the store),
dbutils.notebook (exit; run, handed to the engine by kiln_notebook_calls.py; the context that
entry_point...getContext() reaches), dbutils.fs over the store ($KILN_STORE),
dbutils.jobs.taskValues ($KILN_TASK_VALUES), dbutils.secrets ($KILN_SCOPES) and
dbutils.library.restartPython.
"""

import collections
import json
import os
import posixpath
import re
import shutil
import stat
import types


class NotebookExit(BaseException):
    """Raised by dbutils.notebook.exit. A BaseException, so that `except Exception` in the
    program does not swallow it on its way to the driver."""


# ---------------------------------------------------------------------------------------------
# dbutils.widgets


class InputWidgetNotDefined(Exception):
    """`get` of a widget that was neither supplied nor defined (Databricks' own name for it)."""

    def __init__(self, name):
        super().__init__(f"No input widget named {name} is defined")


class WidgetsUtils:
    """dbutils.widgets: there is no UI, so a widget is its default value, and a supplied value
    (job parameters, widgets segments) always wins over it. A value that names storage (dbfs:/,
    /dbfs/, /Volumes/) reads as the store's local path, as the engine maps job parameters: so a
    default or a %run argument reaches the same file a job parameter does."""

    def __init__(self, store=None):
        self._supplied = {}
        self._defaults = {}
        self._callers = []
        self._store = store

    def _mapped(self, value):
        return self._store.local(value) if self._store is not None and self._store.names_storage(value) else value

    def supply(self, values):
        self._supplied.update(values)

    def push(self, values):
        """A %run's arguments: the child's values until the matching pop."""
        self._callers.append(dict(self._supplied))
        self._supplied.update(values)

    def pop(self):
        self._supplied = self._callers.pop()

    def text(self, name, defaultValue, label=None):
        self._define(name, defaultValue)

    def dropdown(self, name, defaultValue, choices, label=None):
        self._require_choices(name, [defaultValue], choices, "dropdown")
        self._define(name, defaultValue)

    def combobox(self, name, defaultValue, choices, label=None):
        self._define(name, defaultValue)

    def multiselect(self, name, defaultValue, choices, label=None):
        self._require_choices(name, str(defaultValue).split(","), choices, "multiselect")
        self._define(name, defaultValue)

    def get(self, name):
        if name in self._supplied:
            return self._mapped(self._supplied[name])
        if name in self._defaults:
            return self._mapped(self._defaults[name])
        raise InputWidgetNotDefined(name)

    def getAll(self):
        """Every widget's value: the defined ones and the supplied ones, supplied values winning."""
        return {name: self._mapped(value) for name, value in {**self._defaults, **self._supplied}.items()}

    def getArgument(self, name, defaultValue=None):
        try:
            return self.get(name)
        except InputWidgetNotDefined:
            return defaultValue

    def remove(self, name):
        if name not in self._defaults:
            raise InputWidgetNotDefined(name)
        del self._defaults[name]

    def removeAll(self):
        self._defaults.clear()

    def _define(self, name, default_value):
        self._defaults[name] = str(default_value)

    @staticmethod
    def _require_choices(name, values, choices, kind):
        choices = [str(choice) for choice in choices]
        for value in values:
            if str(value) not in choices:
                raise ValueError(f"Default value {value!r} of {kind} widget {name!r} is not one "
                                 f"of its choices {choices}")


# ---------------------------------------------------------------------------------------------
# dbutils.notebook


class NotebookUtils:
    """dbutils.notebook. An exit request is remembered as well as raised: pytest and unittest
    record every exception a test raises, so the driver ends the program when the cell returns."""

    def __init__(self, context, run_notebook):
        self.exit_value = None
        self.entry_point = EntryPoint(context)
        self._context = context
        self._run_notebook = run_notebook

    def getContext(self):
        return self._context

    def exit(self, value):
        self.exit_value = str(value)
        raise NotebookExit(self.exit_value)

    def run(self, path, timeout_seconds=0, arguments=None):
        """Runs a notebook as a run of its own and returns its exit value (kiln_notebook_calls.py)."""
        return self._run_notebook(path, timeout_seconds, arguments)


# ---------------------------------------------------------------------------------------------
# dbutils.fs


class FileNotFoundException(FileNotFoundError):
    """A missing path, named and worded as Databricks does, and still a FileNotFoundError."""

    __module__ = "java.io"

    def __init__(self, uri):
        super().__init__(f"File {uri} does not exist.")


class FileInfo(collections.namedtuple("FileInfo", "path name size modificationTime")):
    """An entry of dbutils.fs.ls: a directory's path and name end with `/`, as on Databricks."""

    def isDir(self):
        return self.name.endswith("/")

    def isFile(self):
        return not self.isDir()


class Store:
    """Maps the paths dbutils.fs accepts onto local paths, and local paths back to the URIs
    Databricks shows (`dbfs:/a/b`, or `file:/a/b` outside the store)."""

    _SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")

    def __init__(self, root):
        self._root = os.path.normpath(root) if root else None

    @property
    def root(self):
        if self._root is None:
            raise RuntimeError("KILN_STORE is not set, so dbutils.fs has no store to work in")
        return self._root

    def names_storage(self, value):
        """Whether a value (a widget's) names a storage path this store backs."""
        return self._root is not None and (value.startswith("dbfs:/") or value == "/dbfs" or value.startswith("/dbfs/")
                                           or value.startswith("/Volumes/"))

    def local(self, path):
        path = os.fspath(path)
        if path.startswith("file:"):
            return posixpath.normpath("/" + path[len("file:"):].lstrip("/"))
        if path.startswith("dbfs:"):
            return self._in_store(path[len("dbfs:"):])
        scheme = self._SCHEME.match(path)
        if scheme:
            raise ValueError(f"{path}: {scheme.group(1)}: paths are not supported by Kiln's "
                             "embedded engine; use dbfs:/, /Volumes/, /dbfs/ or file:/ paths")
        if self._contains(path):
            return os.path.normpath(path)
        if path == "/dbfs" or path.startswith("/dbfs/"):
            path = path[len("/dbfs"):]
        return self._in_store(path)

    def uri(self, local):
        if not self._contains(local):
            return "file:" + local
        relative = os.path.relpath(local, self.root)
        return "dbfs:/" + ("" if relative == "." else relative)

    def is_root(self, local):
        return os.path.normpath(local) == self.root

    def _in_store(self, dbfs_path):
        # Normalizing as an absolute path keeps `..` from climbing out of the store.
        relative = posixpath.normpath("/" + dbfs_path).lstrip("/")
        return os.path.join(self.root, relative) if relative else self.root

    def _contains(self, path):
        return path == self.root or path.startswith(self.root.rstrip("/") + "/")


class FileSystemUtils:
    """dbutils.fs over the local store. Copies and moves into an existing directory put a file
    inside it; a directory (which needs recurse=True) becomes the destination, merged."""

    def __init__(self, store):
        self._store = store

    def ls(self, path):
        local = self._existing(path)
        if not os.path.isdir(local):
            return [self._info(local)]
        names = sorted(os.listdir(local))
        return [self._info(os.path.join(local, name)) for name in names]

    def cp(self, source, dest, recurse=False):
        source_path, dest_path = self._transfer(source, dest, recurse, "copy")
        if os.path.isdir(source_path):
            shutil.copytree(source_path, dest_path, dirs_exist_ok=True)
        else:
            os.makedirs(os.path.dirname(dest_path), exist_ok=True)
            shutil.copyfile(source_path, dest_path)
        return True

    def mv(self, source, dest, recurse=False):
        source_path, dest_path = self._transfer(source, dest, recurse, "move")
        if os.path.isdir(source_path) and os.path.isdir(dest_path):
            shutil.copytree(source_path, dest_path, dirs_exist_ok=True)
            shutil.rmtree(source_path)
        else:
            os.makedirs(os.path.dirname(dest_path), exist_ok=True)
            shutil.move(source_path, dest_path)
        return True

    def rm(self, path, recurse=False):
        local = self._store.local(path)
        if not os.path.lexists(local):
            return False
        if self._store.is_root(local):
            raise PermissionError("dbutils.fs.rm cannot delete the root of the store (dbfs:/)")
        if os.path.isdir(local) and not os.path.islink(local):
            if os.listdir(local) and not recurse:
                raise OSError(f"{self._store.uri(local)} is a non-empty directory; pass "
                              "recurse=True to delete it with its contents")
            shutil.rmtree(local)
        else:
            os.remove(local)
        return True

    def mkdirs(self, path):
        local = self._store.local(path)
        try:
            os.makedirs(local, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise FileExistsError(f"Cannot create directory {self._store.uri(local)}: a file "
                                  "is in the way") from None
        return True

    def head(self, path, maxBytes=65536):
        local = self._existing(path)
        if os.path.isdir(local):
            raise IsADirectoryError(f"{self._store.uri(local)} is a directory")
        with open(local, "rb") as handle:
            return handle.read(maxBytes).decode("utf-8", errors="replace")

    def put(self, path, contents, overwrite=False):
        local = self._store.local(path)
        if os.path.isdir(local):
            raise IsADirectoryError(f"{self._store.uri(local)} is a directory")
        if os.path.exists(local) and not overwrite:
            raise FileExistsError(f"File {self._store.uri(local)} already exists; pass "
                                  "overwrite=True to replace it")
        data = str(contents).encode("utf-8")
        os.makedirs(os.path.dirname(local), exist_ok=True)
        with open(local, "wb") as handle:
            handle.write(data)
        print(f"Wrote {len(data)} bytes.")
        return True

    def _existing(self, path):
        local = self._store.local(path)
        if not os.path.exists(local):
            raise FileNotFoundException(self._store.uri(local))
        return local

    def _transfer(self, source, dest, recurse, verb):
        """The local source and destination of a copy or move, checked."""
        source_path = self._existing(source)
        dest_path = self._store.local(dest)
        if os.path.isdir(source_path):
            if not recurse:
                raise IsADirectoryError(f"{self._store.uri(source_path)} is a directory; pass "
                                        f"recurse=True to {verb} it with its contents")
            if (dest_path + "/").startswith(source_path + "/"):
                raise OSError(f"Cannot {verb} {self._store.uri(source_path)} into itself")
        elif os.path.isdir(dest_path):
            dest_path = os.path.join(dest_path, os.path.basename(source_path))
        return source_path, dest_path

    def _info(self, local):
        status = os.stat(local)
        is_dir = stat.S_ISDIR(status.st_mode)
        suffix = "/" if is_dir else ""
        return FileInfo(path=self._store.uri(local) + suffix,
                        name=os.path.basename(local) + suffix,
                        size=0 if is_dir else status.st_size,
                        modificationTime=int(status.st_mtime * 1000))


# ---------------------------------------------------------------------------------------------
# dbutils.jobs.taskValues


class TaskValuesUtils:
    """dbutils.jobs.taskValues: values a task sets for the later tasks of its job run, kept as one
    JSON file per task in the job run's folder ($KILN_TASK_VALUES), as Databricks keeps them with
    the run. Outside a job run there is no folder, and get returns its debugValue."""

    MAX_BYTES = 48 * 1024

    def __init__(self, folder, task_key):
        self._folder = folder
        self._task_key = task_key

    def set(self, key, value):
        encoded = json.dumps(value)
        if len(encoded.encode("utf-8")) > self.MAX_BYTES:
            raise ValueError(f"The value of task value {key!r} is larger than 48 KiB once serialized as JSON")
        if self._folder is None:
            return
        values = self._values(self._task_key) or {}
        values[str(key)] = value
        os.makedirs(self._folder, exist_ok=True)
        path = os.path.join(self._folder, self._task_key + ".json")
        with open(path + ".partial", "w", encoding="utf-8") as partial:
            json.dump(values, partial)
        os.replace(path + ".partial", path)

    def get(self, taskKey, key, default=None, debugValue=None):
        if self._folder is None:
            if debugValue is None:
                raise TypeError("Must pass debugValue when calling get outside of a job context. debugValue cannot be None.")
            return debugValue
        values = self._values(taskKey)
        if values is not None and key in values:
            return values[key]
        if default is not None:
            return default
        raise ValueError(f"No task value was set for key {key!r} by task {taskKey!r} in this job run, and no default was given")

    def _values(self, task_key):
        try:
            with open(os.path.join(self._folder, task_key + ".json"), encoding="utf-8") as source:
                return json.load(source)
        except FileNotFoundError:
            return None


class IllegalArgumentException(ValueError):
    """What Databricks raises for a secret that does not exist (through py4j, by this name)."""


SecretScope = collections.namedtuple("SecretScope", "name")
SecretMetadata = collections.namedtuple("SecretMetadata", "key")


class SecretsUtils:
    """dbutils.secrets: the engine's secret scopes ($KILN_SCOPES, `scope/key` -> `<ms>:<value>`),
    read on each call. The engine redacts the values from what the run shows."""

    def __init__(self, path, read_params):
        self._path = path
        self._read_params = read_params

    def _entries(self):
        return self._read_params(self._path) if self._path and os.path.exists(self._path) else {}

    def get(self, scope, key):
        entry = self._entries().get(f"{scope}/{key}")
        if entry is None:
            raise IllegalArgumentException(f"Secret does not exist with scope: {scope} and key: {key}")
        return entry.split(":", 1)[1]

    def getBytes(self, scope, key):
        return self.get(scope, key).encode("utf-8")

    def listScopes(self):
        return [SecretScope(name[:-1]) for name in sorted(self._entries()) if name.endswith("/")]

    def list(self, scope):
        names = self._entries()
        if f"{scope}/" not in names:
            raise IllegalArgumentException(f"Scope {scope} does not exist!")
        return [SecretMetadata(name[len(scope) + 1:]) for name in sorted(names) if name.startswith(f"{scope}/") and name != f"{scope}/"]


class JobsUtils:
    def __init__(self, task_values):
        self.taskValues = task_values


class LibraryUtils:
    """dbutils.library: Python restarts after `%pip install` on Databricks; here each run is a new
    process already, so a restart has nothing to do."""

    def restartPython(self):
        print("dbutils.library.restartPython(): the embedded engine starts each run in a new process; nothing to restart.")


# ---------------------------------------------------------------------------------------------
# The notebook context (dbutils.notebook.entry_point...getContext())


class ScalaOption:
    """What the context's getters return on Databricks (a Scala Option through py4j)."""

    def __init__(self, value):
        self._value = value

    def get(self):
        if self._value is None:
            raise ValueError("None.get")
        return self._value

    def isDefined(self):
        return self._value is not None

    def isEmpty(self):
        return self._value is None

    def getOrElse(self, default):
        return default if self._value is None else self._value


class ContextTags:
    def __init__(self, tags):
        self._tags = tags

    def get(self, key):
        return ScalaOption(self._tags.get(key))

    def apply(self, key):
        return self._tags[key]

    def contains(self, key):
        return key in self._tags


class NotebookContext:
    """The run's context: its notebook, its job and run ids and its task, from the engine."""

    def __init__(self, environ):
        self._path = environ.get("KILN_NOTEBOOK_PATH") or None
        self._tags = {name: environ[variable] for name, variable in (
            ("jobId", "KILN_JOB_ID"), ("runId", "KILN_TASK_RUN_ID"), ("multitaskParentRunId", "KILN_JOB_RUN_ID"),
            ("taskKey", "KILN_TASK_KEY"), ("clusterId", "KILN_CLUSTER_ID")) if environ.get(variable)}
        self._tags["browserHostName"] = "localhost"

    def notebookPath(self):
        return ScalaOption(self._path)

    def tags(self):
        return ContextTags(self._tags)

    def currentRunId(self):
        run_id = self._tags.get("runId")
        return ScalaOption(None if run_id is None else types.SimpleNamespace(id=lambda: int(run_id)))

    def jobId(self):
        return ScalaOption(self._tags.get("jobId"))

    def toJson(self):
        return json.dumps({
            "tags": self._tags,
            "extraContext": {"notebook_path": self._path} if self._path else {},
            "currentRunId": {"id": int(self._tags["runId"])} if "runId" in self._tags else None,
        })


class EntryPoint:
    """dbutils.notebook.entry_point: the chain notebooks walk to reach their context."""

    def __init__(self, context):
        self._context = context

    def getDbutils(self):
        return types.SimpleNamespace(notebook=lambda: types.SimpleNamespace(getContext=lambda: self._context))


class DBUtils:
    """The `dbutils` of the program's globals: the parts the embedded engine can honour."""

    def __init__(self, widgets, notebook, fs, jobs, library, secrets):
        self.widgets = widgets
        self.notebook = notebook
        self.fs = fs
        self.jobs = jobs
        self.library = library
        self.secrets = secrets
