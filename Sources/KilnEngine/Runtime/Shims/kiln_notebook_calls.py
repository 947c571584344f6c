"""Calls from Kiln's Python driver to the engine: dbutils.notebook.run, which the engine runs as a
run of its own (a WORKFLOW_RUN, listed by runs/list), and the packages a Databricks Runtime has
preinstalled (pandas, numpy, pyspark), which the engine installs on a notebook's first import.

The protocol (NotebookCalls.swift is the other side), in the folder $KILN_CALLS:
  <id>.request   written whole (renamed into place): params lines (`key=value`, both
                 percent-encoded UTF-8). `kind` is `notebook` (the default) or `packages`.
                 notebook: `path`, `timeout_seconds`, and `arg:<name>` for each argument.
                 packages: `module`, a top-level module name of $KILN_RUNTIME_MODULES.
  <id>.response  written whole by the engine when it is done: `state` (SUCCESS, or the child
                 run's result state, or FAILED) and `error` (why not SUCCESS); for a notebook,
                 `run_id` and `result` (the child's exit value, when it gave one); for packages,
                 `path`, the folder that holds them.
The ids are unique per call, so threads of one notebook may run children at once, as notebooks
do with a ThreadPoolExecutor on Databricks.
"""

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import time
import urllib.parse
import uuid


class WorkflowException(Exception):
    """Raised in the caller when the child run did not succeed, with the child's error, as
    Databricks raises com.databricks.WorkflowException."""


def run(path, timeout_seconds, arguments):
    """Runs the notebook at `path` (relative to the calling notebook's folder, or absolute) with
    `arguments` as its widget values and returns its exit value ("" when it gave none)."""
    folder = os.environ.get("KILN_CALLS")
    if not folder:
        raise RuntimeError("dbutils.notebook.run: the engine gave this program no calls folder (KILN_CALLS)")
    if not isinstance(path, str) or not path:
        raise TypeError(f"dbutils.notebook.run: path must be a non-empty str, not {path!r}")
    try:
        timeout = int(timeout_seconds)
    except (TypeError, ValueError):
        raise TypeError(f"dbutils.notebook.run: timeout_seconds must be an int, not {timeout_seconds!r}") from None
    if timeout < 0:
        raise ValueError(f"dbutils.notebook.run: timeout_seconds must be 0 (no limit) or more, not {timeout}")
    values = {"path": path, "timeout_seconds": str(timeout)}
    for key, value in (arguments or {}).items():
        # Databricks passes arguments to the child as a map of strings, and fails on anything else.
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(
                f"dbutils.notebook.run: argument {key!r} is {type(value).__name__}; arguments are "
                "widget values and must be str, as on Databricks: pass str(value)")
        values["arg:" + key] = value

    response = _call(folder, values)
    state = response.get("state", "FAILED")
    if state == "SUCCESS":
        return response.get("result", "")
    raise WorkflowException(
        f"Notebook {path} (run {response.get('run_id', '?')}) ended {state}: "
        f"{response.get('error') or 'no error message'}")


class RuntimePackages(importlib.abc.MetaPathFinder):
    """Installs what a Databricks Runtime has preinstalled ($KILN_RUNTIME_MODULES: pandas, numpy,
    pyspark) when a notebook first imports it and this Python does not have it. Last on
    sys.meta_path, so it is asked only after every other finder has failed: a notebook that never
    imports them, or a Python that has them, pays nothing."""

    def __init__(self, folder, modules):
        self._folder = folder
        self._modules = set(modules)

    def find_spec(self, fullname, path=None, target=None):
        if path is not None or fullname not in self._modules:
            return None
        self._modules.discard(fullname)  # asked once: a failed install is not retried per import
        response = _call(self._folder, {"kind": "packages", "module": fullname})
        if response.get("state") != "SUCCESS":
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: a Databricks Runtime has it preinstalled, and Kiln "
                f"could not install it: {response.get('error') or 'no error message'}", name=fullname)
        folder = response["path"]
        if folder not in sys.path:
            sys.path.append(folder)
        importlib.invalidate_caches()
        return importlib.machinery.PathFinder.find_spec(fullname, [folder])


def install_runtime_packages():
    """Puts RuntimePackages on sys.meta_path when the engine named modules it installs."""
    folder = os.environ.get("KILN_CALLS")
    modules = [name for name in os.environ.get("KILN_RUNTIME_MODULES", "").split(",") if name]
    if folder and modules:
        sys.meta_path.append(RuntimePackages(folder, modules))


def _call(folder, values):
    """Hands a request to the engine and returns its response."""
    call_id = uuid.uuid4().hex
    request = os.path.join(folder, call_id + ".request")
    with open(request + ".partial", "w", encoding="utf-8") as file:
        file.write("".join(f"{_quote(k)}={_quote(v)}\n" for k, v in values.items()))
    os.replace(request + ".partial", request)
    return _await(os.path.join(folder, call_id + ".response"))


def _await(path):
    """The engine's answer, read once it is there. The child takes at least a process start, so
    looking every 10 ms growing to 200 ms costs nothing worth a watcher."""
    delay = 0.01
    while not os.path.exists(path):
        time.sleep(delay)
        delay = min(delay * 1.5, 0.2)
    values = {}
    with open(path, encoding="utf-8") as file:
        for line in file.read().splitlines():
            key, _, value = line.partition("=")
            values[urllib.parse.unquote(key)] = urllib.parse.unquote(value)
    return values


def _quote(text):
    return urllib.parse.quote(text, safe="")
