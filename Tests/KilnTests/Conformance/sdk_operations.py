"""Every operation Kiln's REST client uses, performed through the official Databricks Python SDK
(databricks-sdk) against `kiln serve`, for the conformance suite (RequestConformanceTests.swift).

Usage: python sdk_operations.py HOST, with the server's token in KILN_TEST_TOKEN.

The operations are those of `ConformanceScenario.swift`, in the same order, with the same names,
paths and values, so that the server records the SDK's requests for each one beside Kiln's.
The storage calls go through the SDK's generated APIs (`DbfsAPI`, `FilesAPI`): they send each REST
call as the API reference defines it, where the `w.dbfs` / `w.files` helpers compose several.

Prints one JSON document:
- `calls`: every request the SDK made, in order, tagged with its operation (the test matches them
  one to one with the server's record);
- `round_trips`: for each JSON answer, what `from_dict(answer).as_dict()` lost or changed, by key
  path, which says whether the engine answers what Databricks answers.
"""

import base64
import io
import json
import os
import sys

from databricks.sdk import WorkspaceClient
from databricks.sdk.errors import InvalidState
from databricks.sdk.service import compute, files, jobs, workspace

FOLDER = "/Shared/conformance"
NOTEBOOK = FOLDER + "/hello"
BOOK = FOLDER + "/book"
SOURCE = b'# Databricks notebook source\ndbutils.notebook.exit("ok " + dbutils.widgets.get("build_number"))\n'
JUPYTER = json.dumps(
    {
        "cells": [{"cell_type": "code", "metadata": {}, "source": ["print(1)"], "outputs": [], "execution_count": None}],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
).encode()
DBFS_FOLDER = "/conformance"
VOLUME_FOLDER = "/Volumes/main/ci/conformance"
CLUSTER = "0000-000000-kilnlocal"
JOB_NAME = "build-conformance"
BLOCK = bytes(range(256)) * 16


def b64(data):
    return base64.b64encode(data).decode()


host = sys.argv[1]
w = WorkspaceClient(host=host, token=os.environ["KILN_TEST_TOKEN"])
dbfs = files.DbfsAPI(w.api_client)
volumes = files.FilesAPI(w.api_client)

calls = []
round_trips = []
current = {"operation": None, "answer": None}
send = w.api_client.do


def tagged_do(method, path=None, **arguments):
    """Every service call goes through the client's `do`: tag it, and keep its JSON answer."""
    calls.append({"operation": current["operation"], "method": method, "path": path})
    answer = send(method, path, **arguments)
    current["answer"] = None if arguments.get("raw") else answer
    return answer


w.api_client.do = tagged_do


def leaves(value, prefix=""):
    """Every leaf of a JSON value by key path; an empty object or array is a leaf itself."""
    if isinstance(value, dict) and value:
        for key, child in value.items():
            yield from leaves(child, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list) and value:
        for index, child in enumerate(value):
            yield from leaves(child, f"{prefix}[{index}]")
    else:
        yield prefix, value


def generic(path):
    """`tasks[0].task_key` -> `tasks[].task_key`: one path for every element of an array."""
    out, skipping = [], False
    for character in path:
        if character == "[":
            skipping = True
            out.append("[]")
        elif character == "]":
            skipping = False
        elif not skipping:
            out.append(character)
    return "".join(out)


def emptied(path, sent):
    """Whether `path` is an object or array the answer had keys under, all of which were dropped."""
    return any(other.startswith(path + ".") or other.startswith(path + "[") for other in sent)


def round_trip(operation, response_type, answer):
    sent = dict(leaves(answer))
    kept = dict(leaves(response_type.from_dict(answer).as_dict()))
    round_trips.append(
        {
            "operation": operation,
            "type": response_type.__name__,
            "keys": sorted({generic(path) for path in sent}),
            "dropped": sorted({generic(path) for path in sent if path not in kept}),
            "added": sorted({generic(path) for path in kept if path not in sent and not emptied(path, sent)}),
            "changed": sorted({generic(path) for path in sent if path in kept and kept[path] != sent[path]}),
        }
    )


def perform(operation, action, response_type=None):
    """Runs one operation's calls under its name; round-trips its JSON answer through `response_type`."""
    current["operation"], current["answer"] = operation, None
    result = action()
    if response_type is not None:
        round_trip(operation, response_type, current["answer"])
    current["operation"] = None
    return result


def raw_get(path, query):
    """A GET of a Jobs 2.1 path, which Kiln reads where the SDK reads 2.2."""
    return lambda: w.api_client.do("GET", path, query=query)


perform("workspace.mkdirs", lambda: w.workspace.mkdirs(FOLDER))
perform(
    "workspace.import.source",
    lambda: w.workspace.import_(
        NOTEBOOK, content=b64(SOURCE), format=workspace.ImportFormat.SOURCE, language=workspace.Language.PYTHON, overwrite=True
    ),
)
perform(
    "workspace.upload",
    lambda: w.workspace.upload(
        NOTEBOOK, io.BytesIO(SOURCE), format=workspace.ImportFormat.SOURCE, language=workspace.Language.PYTHON, overwrite=True
    ),
)
perform(
    "workspace.import.jupyter",
    lambda: w.workspace.import_(BOOK, content=b64(JUPYTER), format=workspace.ImportFormat.JUPYTER, overwrite=True),
)
perform("workspace.export", lambda: w.workspace.export(NOTEBOOK, format=workspace.ExportFormat.SOURCE), workspace.ExportResponse)
perform("workspace.list", lambda: list(w.workspace.list(FOLDER)), workspace.ListResponse)
perform("workspace.get-status", lambda: w.workspace.get_status(NOTEBOOK), workspace.ObjectInfo)

perform("dbfs.mkdirs", lambda: dbfs.mkdirs(DBFS_FOLDER))
perform("dbfs.put", lambda: dbfs.put(DBFS_FOLDER + "/small.txt", contents=b64(b"small"), overwrite=True))
handle = perform("dbfs.create", lambda: dbfs.create(DBFS_FOLDER + "/big.bin", overwrite=True), files.CreateResponse).handle
perform("dbfs.add-block", lambda: dbfs.add_block(handle, b64(BLOCK)))
perform("dbfs.close", lambda: dbfs.close(handle))
perform("dbfs.read", lambda: dbfs.read(DBFS_FOLDER + "/small.txt", offset=0, length=1048576), files.ReadResponse)
perform("dbfs.list", lambda: list(dbfs.list(DBFS_FOLDER)), files.ListStatusResponse)
perform("dbfs.get-status", lambda: dbfs.get_status(DBFS_FOLDER + "/small.txt"), files.FileInfo)
perform("dbfs.move", lambda: dbfs.move(DBFS_FOLDER + "/big.bin", DBFS_FOLDER + "/moved.bin"))
perform("dbfs.delete", lambda: dbfs.delete(DBFS_FOLDER, recursive=True))

perform("files.create-directory", lambda: volumes.create_directory(VOLUME_FOLDER))
perform("files.upload", lambda: volumes.upload(VOLUME_FOLDER + "/model.bin", io.BytesIO(BLOCK), overwrite=True))
perform("files.download", lambda: volumes.download(VOLUME_FOLDER + "/model.bin").contents.read())
perform("files.get-metadata", lambda: volumes.get_metadata(VOLUME_FOLDER + "/model.bin"))
perform("files.get-directory-metadata", lambda: volumes.get_directory_metadata(VOLUME_FOLDER))
perform("files.list-directory", lambda: list(volumes.list_directory_contents(VOLUME_FOLDER)), files.ListDirectoryResponse)
perform("files.delete", lambda: volumes.delete(VOLUME_FOLDER + "/model.bin"))
perform("files.delete-directory", lambda: volumes.delete_directory(VOLUME_FOLDER))

perform("clusters.get", lambda: w.clusters.get(CLUSTER), compute.ClusterDetails)
try:
    perform("clusters.start", lambda: w.clusters.start(CLUSTER))
    raise SystemExit("clusters/start of a running cluster was accepted")
except InvalidState:
    pass

settings = dict(
    name=JOB_NAME,
    tasks=[
        jobs.Task(
            task_key="test",
            existing_cluster_id=CLUSTER,
            notebook_task=jobs.NotebookTask(notebook_path=NOTEBOOK, base_parameters={"data_path": "dbfs:/conformance"}),
            timeout_seconds=600,
        )
    ],
    parameters=[jobs.JobParameterDefinition(name="build_number", default="0")],
    tags={"repo": "conformance"},
    max_concurrent_runs=1,
    queue=jobs.QueueSettings(enabled=True),
)
job_id = perform("jobs.create", lambda: w.jobs.create(**settings), jobs.CreateResponse).job_id
perform("jobs.reset", lambda: w.jobs.reset(job_id, jobs.JobSettings(**settings)))
perform("jobs.get", lambda: w.jobs.get(job_id), jobs.Job)
perform("jobs.get@2.1", raw_get("/api/2.1/jobs/get", {"job_id": job_id}), jobs.Job)
perform("jobs.list", lambda: list(w.jobs.list(name=JOB_NAME, limit=100)), jobs.ListJobsResponse)
perform("jobs.list@2.1", raw_get("/api/2.1/jobs/list", {"name": JOB_NAME, "limit": 100}), jobs.ListJobsResponse)
waiter = perform(
    "jobs.run-now",
    lambda: w.jobs.run_now(job_id, job_parameters={"build_number": "7"}, idempotency_token="conformance-run-7"),
    jobs.RunNowResponse,
)
perform("wait", waiter.result)
run = perform("jobs.runs.get", lambda: w.jobs.get_run(waiter.run_id), jobs.Run)
perform("jobs.runs.get@2.1", raw_get("/api/2.1/jobs/runs/get", {"run_id": waiter.run_id}), jobs.Run)
task_run = run.tasks[0].run_id
perform("jobs.runs.get-output", lambda: w.jobs.get_run_output(task_run), jobs.RunOutput)
perform("jobs.runs.get-output@2.1", raw_get("/api/2.1/jobs/runs/get-output", {"run_id": task_run}), jobs.RunOutput)
perform("jobs.runs.list", lambda: list(w.jobs.list_runs(job_id=job_id, limit=25)), jobs.ListRunsResponse)
perform("jobs.runs.list@2.1", raw_get("/api/2.1/jobs/runs/list", {"job_id": job_id, "limit": 25}), jobs.ListRunsResponse)
perform("jobs.runs.cancel", lambda: w.jobs.cancel_run(waiter.run_id))
perform("jobs.delete", lambda: w.jobs.delete(job_id))
perform("workspace.delete", lambda: w.workspace.delete(FOLDER, recursive=True))

perform("secrets.scopes.create", lambda: w.secrets.create_scope(scope="conformance"))
perform("secrets.put", lambda: w.secrets.put_secret(scope="conformance", key="token", string_value="value"))
perform("secrets.list", lambda: list(w.secrets.list_secrets(scope="conformance")), workspace.ListSecretsResponse)
perform("secrets.scopes.list", lambda: list(w.secrets.list_scopes()), workspace.ListScopesResponse)
perform("secrets.delete", lambda: w.secrets.delete_secret(scope="conformance", key="token"))
perform("secrets.scopes.delete", lambda: w.secrets.delete_scope(scope="conformance"))

print(json.dumps({"calls": calls, "round_trips": round_trips}))
