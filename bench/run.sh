#!/usr/bin/env bash
# Kiln beside the peer — the legacy Databricks CLI with bash and jq, as pipelines glue it today —
# in one run, against one `kiln serve` on loopback, so both meet the same workspace. Each scenario
# is timed by hyperfine (medians of several runs); summarize.py writes the medians and ratios.
#
#   bench/run.sh KILN_BINARY VENV [RUNS]
set -euo pipefail
kiln=$(realpath "$1")
venv=$(realpath "$2")
runs=${3:-5}
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
work=$(mktemp -d)
servers=()
cleanup() { for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The servers, their token in the environment, never on a command line. Loopback answers in a
# millisecond; the second server adds 100 ms to every call (a fault of kind delay), as a
# workspace across a network does.
export KILN_SERVE_TOKEN
KILN_SERVE_TOKEN=$(python3 -c 'import secrets; print("dapi" + secrets.token_hex(16))')
start_server() { # name [serve options…]; prints the URL
  local name=$1; shift
  "$kiln" serve --state "$work/$name" "$@" > "$work/$name.log" 2>&1 &
  servers+=($!)
  until grep -q "listening on" "$work/$name.log"; do sleep 0.1; done
  grep -o 'http://[0-9.]*:[0-9]*' "$work/$name.log"
}
url=$(start_server serve)
slow=$(start_server slow --faults "delay:100ms@1")

# The peer reaches the server's port through a proxy (databricks-cli 0.18.0 drops the port of
# the host); Kiln uses the URL as it is.
export DATABRICKS_TOKEN=$KILN_SERVE_TOKEN DATABRICKS_CLI="$venv/bin/databricks" NO_PROXY="" no_proxy=""
peer_env="HTTP_PROXY=$url http_proxy=$url DATABRICKS_HOST=http://kiln-serve.invalid"
kiln_env="DATABRICKS_HOST=$url"
slow_peer_env="HTTP_PROXY=$slow http_proxy=$slow DATABRICKS_HOST=http://kiln-serve.invalid"
slow_kiln_env="DATABRICKS_HOST=$slow"

# The repository: the R example, with a workspace target whose host DATABRICKS_HOST gives.
repo=$work/repo
cp -r "$root/examples/r-model" "$repo"
sed -i "/^targets:\$/a\\  bench: {}" "$repo/kiln.yml"
(cd "$repo" && git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@kiln.invalid commit -qm bench)

# Scenario 1, staging: 200 files of 16 KB and 4 of 4 MB (model files, test data).
mkdir -p "$repo/data/bench"
for i in $(seq 1 200); do head -c 16384 /dev/urandom > "$repo/data/bench/part-$i.csv"; done
for i in 1 2 3 4; do head -c 4194304 /dev/urandom > "$repo/data/bench/model-$i.rds"; done

cd "$repo"
hyperfine --runs "$runs" --warmup 1 --export-json "$work/stage.json" \
  -n "kiln stage" "env $kiln_env $kiln stage --target bench --build-id stage-\$(date +%s%N) > /dev/null" \
  -n "peer: databricks fs cp -r" "env $peer_env $venv/bin/databricks fs cp -r --overwrite data dbfs:/bench/peer/\$(date +%s%N) > /dev/null"
hyperfine --runs "$runs" --export-json "$work/stage-100ms.json" \
  -n "kiln stage" "env $slow_kiln_env $kiln stage --target bench --build-id stage-\$(date +%s%N) > /dev/null" \
  -n "peer: databricks fs cp -r" "env $slow_peer_env $venv/bin/databricks fs cp -r --overwrite data dbfs:/bench/peer/\$(date +%s%N) > /dev/null"
rm -rf "$repo/data/bench"

# Scenario 2, the whole build of the R example: kiln build against the bash script of bench/peer.
hyperfine --runs "$runs" --warmup 1 --export-json "$work/build.json" \
  -n "kiln build" "env $kiln_env $kiln build --force --target bench > /dev/null" \
  -n "peer: bash + CLI + jq, polling every 5 s" "env $peer_env $bench/peer/build.sh > /dev/null" \
  -n "peer: bash + CLI + jq, polling every 1 s" "env $peer_env PEER_POLL_SECONDS=1 $bench/peer/build.sh > /dev/null"

# Scenario 3, start-up: the version beside the legacy CLI's, and `kiln changes` on a branch that
# touched only documentation (the commonest answer a CI step gets: nothing to build).
hyperfine --runs 20 --warmup 3 -N --export-json "$work/startup.json" \
  -n "kiln --version" "$kiln --version" \
  -n "peer: databricks --version" "$venv/bin/databricks --version"
git checkout -q -b docs-only && echo "How the model works." > NOTES.md && git add NOTES.md
git -c user.name=bench -c user.email=bench@kiln.invalid commit -qm docs
hyperfine --runs 20 --warmup 3 -N --export-json "$work/changes.json" -n "kiln changes: nothing to build" "$kiln changes"

python3 "$bench/summarize.py" "$work/stage.json" "$work/stage-100ms.json" "$work/build.json" "$work/startup.json" "$work/changes.json"
