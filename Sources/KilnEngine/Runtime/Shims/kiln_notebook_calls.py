"""dbutils.notebook.run for Kiln's Python driver: the call is handed to the engine, which runs the
child notebook as a run of its own (a WORKFLOW_RUN, listed by runs/list) and answers.

The protocol (NotebookCalls.swift is the other side), in the folder $KILN_CALLS:
  <id>.request   written whole (renamed into place): params lines (`key=value`, both
                 percent-encoded UTF-8) with `path`, `timeout_seconds`, and `arg:<name>` for
                 each argument
  <id>.response  written whole by the engine when the child run has ended: `state` (the run's
                 result state), `run_id`, `result` (the child's exit value, when it gave one)
                 and `error` (why it did not succeed)
The ids are unique per call, so threads of one notebook may run children at once, as notebooks
do with a ThreadPoolExecutor on Databricks.
"""

import os
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

    call_id = uuid.uuid4().hex
    request = os.path.join(folder, call_id + ".request")
    with open(request + ".partial", "w", encoding="utf-8") as file:
        file.write("".join(f"{_quote(k)}={_quote(v)}\n" for k, v in values.items()))
    os.replace(request + ".partial", request)

    response = _await(os.path.join(folder, call_id + ".response"))
    state = response.get("state", "FAILED")
    if state == "SUCCESS":
        return response.get("result", "")
    raise WorkflowException(
        f"Notebook {path} (run {response.get('run_id', '?')}) ended {state}: "
        f"{response.get('error') or 'no error message'}")


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
