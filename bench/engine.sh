#!/usr/bin/env bash
# The embedded engine's own costs, as medians by hyperfine (no peer runs notebooks off a cluster):
# a trivial Python notebook, a trivial Spark notebook (each run starts its own Spark session, so
# every run is a cold one), and a build whose task declares a PyPI library, against the same build
# without it (the environment is installed by the warm-up run and reused by every timed run).
# Then the Spark design, measured: a session per run against one warm Spark Connect server with a
# session per run (its client's packages installed from PyPI into the scratch folder).
#
#   bench/engine.sh KILN_BINARY VENV [RUNS]
set -euo pipefail
kiln=$(realpath "$1")
venv=$(realpath "$2")
runs=${3:-5}
bench=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KILN_PYTHON="$venv/bin/python"

# Notebooks: trivial Python, trivial Spark.
mkdir -p "$work/nb"
printf '# Databricks notebook source\ndbutils.notebook.exit(str(sum(range(10))))\n' > "$work/nb/trivial.py"
printf '# Databricks notebook source\ndbutils.notebook.exit(str(spark.range(10).count()))\n' > "$work/nb/spark.py"

# A wheel of a pure-Python package behind a PEP 503 index on disk (no network).
"$KILN_PYTHON" "$(dirname "$bench")/Tests/KilnTests/Fixtures/packages/make_wheel_index.py" "$work/index"

# Two repositories, the same but for the task's libraries.
make_repo() { # folder libraries-json
  mkdir -p "$1/databricks"
  cat > "$1/databricks/run_tests.py" <<'PY'
# Databricks notebook source
import os
dbutils.widgets.text("results_path", "")
results = dbutils.widgets.get("results_path")
os.makedirs(os.path.dirname(results), exist_ok=True)
with open(results, "w") as junit:
    junit.write('<testsuite name="bench" tests="1"><testcase classname="bench" name="runs"/></testsuite>')
PY
  cat > "$1/databricks/job-template.json" <<JSON
{"name": "build-{{repo.name}}", "tasks": [{"task_key": "tests", "existing_cluster_id": "{{var.cluster_id}}",
 "notebook_task": {"notebook_path": "{{build.notebook_path}}"}, "libraries": $2}]}
JSON
  cat > "$1/kiln.yml" <<'YAML'
repo: bench
job:
  template: databricks/job-template.json
  notebook: run_tests
  parameters: { results_path: "{{build.storage_dir}}/results/junit.xml" }
variables: { cluster_id: "0000-000000-kilnlocal" }
YAML
  (cd "$1" && git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@kiln.invalid commit -qm bench)
}
make_repo "$work/plain" '[]'
make_repo "$work/library" "[{\"pypi\": {\"package\": \"kilnprobe==1.0\", \"repo\": \"file://$work/index\"}}]"

hyperfine --runs "$runs" --warmup 1 --export-json "$work/notebooks.json" \
  -n "kiln notebook run: trivial Python" "$kiln notebook run $work/nb/trivial.py --state $work/state-nb" \
  -n "kiln notebook run: trivial Spark (cold: a session per run)" "$kiln notebook run $work/nb/spark.py --state $work/state-nb"
hyperfine --runs "$runs" --warmup 1 --export-json "$work/libraries.json" \
  -n "kiln build: no libraries" "cd $work/plain && $kiln build --force" \
  -n "kiln build: a PyPI library, its environment cached" "cd $work/library && $kiln build --force"

# Spark: a local session per run, against a warm Spark Connect server (started once, timed to
# its port answering) with a session per run.
"$KILN_PYTHON" -m pip install -q --disable-pip-version-check --target "$work/connect" \
  grpcio grpcio-status googleapis-common-protos pyarrow zstandard
spark_home=$("$KILN_PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
port=$("$KILN_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
started=$(date +%s.%N)
SPARK_HOME=$spark_home PATH="$venv/bin:$PATH" "$spark_home/bin/spark-submit" \
  --class org.apache.spark.sql.connect.service.SparkConnectServer --master 'local[2]' \
  --conf spark.connect.grpc.binding.address=127.0.0.1 --conf spark.connect.grpc.binding.port="$port" \
  --conf spark.ui.enabled=false > "$work/connect.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
until (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  kill -0 $server 2>/dev/null || { cat "$work/connect.log"; exit 1; }
  sleep 0.1
done
echo "Spark Connect server answering after $(echo "$(date +%s.%N) - $started" | bc) s"
hyperfine --runs "$runs" --warmup 1 --export-json "$work/spark.json" \
  -n "Spark: a local session per run" "$KILN_PYTHON $bench/spark/session.py local" \
  -n "Spark: a session per run on a warm Connect server" "PYTHONPATH=$work/connect $KILN_PYTHON $bench/spark/session.py sc://127.0.0.1:$port"
# After six sessions that each made the view `mine`, a new one sees its own alone.
views=$(PYTHONPATH="$work/connect" "$KILN_PYTHON" "$bench/spark/session.py" "sc://127.0.0.1:$port" 2>/dev/null)
[ "$views" = "['mine']" ] || { echo "a Connect session saw other sessions' views: $views"; exit 1; }

python3 "$bench/summarize.py" "$work/notebooks.json" "$work/libraries.json" "$work/spark.json"
