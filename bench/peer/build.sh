#!/usr/bin/env bash
# The peer: the CI build of the R example as teams glue it today — inline bash around the legacy
# Databricks CLI (databricks-cli 0.18.0) and jq, with a fixed sleep between polls. It does what
# `kiln build --force` does: import the notebooks, copy the artifacts, create or reset the job,
# run it, wait, fetch the JUnit file, clean up. Run from examples/r-model with DATABRICKS_HOST,
# DATABRICKS_TOKEN (and HTTP_PROXY, since this CLI drops the port of the host) set.
set -euo pipefail
cli=${DATABRICKS_CLI:-databricks}
poll=${PEER_POLL_SECONDS:-5}
repo=r-model
build=peer-$(date +%s%N)
workspace=/Shared/build/$repo/$build
storage=dbfs:/kiln/build/$repo/$build

"$cli" workspace mkdirs "$workspace"
"$cli" workspace import_dir -o databricks "$workspace" >/dev/null
for folder in models tests data; do
  "$cli" fs cp -r --overwrite "$folder" "$storage/$folder" >/dev/null
done

settings=$(sed -e "s#{{repo.name}}#$repo#g" -e "s#{{build.notebook_path}}#$workspace/run_tests#g" \
               -e "s#{{var.cluster_id}}#${DATABRICKS_CLUSTER_ID:-0000-000000-kilnlocal}#g" databricks/job-template.json)
job_id=$("$cli" jobs list --version=2.1 --output JSON | jq -r --arg name "build-$repo" '.jobs[]? | select(.settings.name == $name) | .job_id' | head -n 1)
if [ -z "$job_id" ]; then
  job_id=$("$cli" jobs create --version=2.1 --json "$settings" | jq -r .job_id)
else
  "$cli" jobs reset --version=2.1 --job-id "$job_id" --json "$settings"
fi

params=$(jq -n --arg s "$storage" --arg b "$build" --arg r "$repo" '{build_number: $b, repo_name: $r,
  model_path: ($s + "/models/model.rds"), tests_path: ($s + "/tests/testthat"), data_test_path: ($s + "/data/test.csv"),
  data_train_path: ($s + "/data/train.csv"), results_path: ($s + "/results/junit.xml")}')
run_id=$("$cli" jobs run-now --version=2.1 --job-id "$job_id" --notebook-params "$params" | jq -r .run_id)
while true; do
  state=$("$cli" runs get --version=2.1 --run-id "$run_id" | jq -r .state.life_cycle_state)
  case "$state" in TERMINATED|SKIPPED|INTERNAL_ERROR) break ;; esac
  sleep "$poll"
done
result=$("$cli" runs get --version=2.1 --run-id "$run_id" | jq -r .state.result_state)

mkdir -p kiln-results
"$cli" fs cp --overwrite "$storage/results/junit.xml" kiln-results/peer-junit.xml
"$cli" workspace rm -r "$workspace"
"$cli" fs rm -r "$storage"
[ "$result" = SUCCESS ]
