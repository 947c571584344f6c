"""The peer of Kiln's run following written with the Databricks SDK for Python as its
documentation shows: the waiter of `jobs.run_now`, `wait_get_run_job_terminated_or_skipped`.

    python follow_sdk.py RUN_ID
"""
import sys
from datetime import timedelta

from databricks.sdk import WorkspaceClient

run = WorkspaceClient().jobs.wait_get_run_job_terminated_or_skipped(run_id=int(sys.argv[1]), timeout=timedelta(minutes=10))
print(run.state.life_cycle_state.value)
