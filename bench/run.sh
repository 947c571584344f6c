#!/usr/bin/env bash
# The whole build of the R example, `kiln build` beside the bash + legacy CLI + jq glue it replaces
# (bench/peer/build.sh), against one `kiln serve` on loopback, so both meet the same workspace:
# timed by hyperfine (medians of several runs); summarize.py writes the medians and ratios.
# (Staging, following a run and start-up beside their peers are bench.py's, `make bench`.)
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

# The server, its token in the environment, never on a command line.
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

# The peer reaches the server's port through a proxy (databricks-cli 0.18.0 drops the port of
# the host); Kiln uses the URL as it is.
export DATABRICKS_TOKEN=$KILN_SERVE_TOKEN DATABRICKS_CLI="$venv/bin/databricks" NO_PROXY="" no_proxy=""
peer_env="HTTP_PROXY=$url http_proxy=$url DATABRICKS_HOST=http://kiln-serve.invalid"
kiln_env="DATABRICKS_HOST=$url"

# The repository: the R example, with a workspace target whose host DATABRICKS_HOST gives.
repo=$work/repo
cp -r "$root/examples/r-model" "$repo"
sed -i "/^targets:\$/a\\  bench: {}" "$repo/kiln.yml"
(cd "$repo" && git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@kiln.invalid commit -qm bench)

hyperfine --runs "$runs" --warmup 1 --export-json "$work/build.json" \
  -n "kiln build" "env $kiln_env $kiln build --force --target bench > /dev/null" \
  -n "peer: bash + CLI + jq, polling every 5 s" "env $peer_env $bench/peer/build.sh > /dev/null" \
  -n "peer: bash + CLI + jq, polling every 1 s" "env $peer_env PEER_POLL_SECONDS=1 $bench/peer/build.sh > /dev/null"

python3 "$bench/summarize.py" "$work/build.json"
