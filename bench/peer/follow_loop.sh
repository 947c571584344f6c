#!/usr/bin/env bash
# The peer of Kiln's run following, as pipelines glue it today: `runs get` with the legacy CLI
# every 10 seconds until the run's life cycle state is terminal.
#
#   follow_loop.sh RUN_ID
set -euo pipefail
cli=${DATABRICKS_CLI:-databricks}
while true; do
  state=$("$cli" runs get --version=2.1 --run-id "$1" | jq -r .state.life_cycle_state)
  case "$state" in TERMINATED|SKIPPED|INTERNAL_ERROR) break ;; esac
  sleep 10
done
echo "$state"
