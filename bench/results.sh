#!/usr/bin/env bash
# Reading and merging 100,000 test cases in 100 JUnit files (about 7 MB, pytest's shape): Kiln's
# `kiln results` beside the Python junitparser package doing the same merge (read, add, write),
# medians by hyperfine; then the peak memory of each, and of Python's own ElementTree only parsing
# the same files. Both sides' merged files are checked to hold the same counts before any ratio.
#
#   bench/results.sh KILN_BINARY VENV [RUNS]
set -euo pipefail
kiln=$(realpath "$1")
venv=$(realpath "$2")
runs=${3:-5}
bench=$(cd "$(dirname "$0")" && pwd)/results
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$bench/make_files.py" "$work/files" 100 1000
cd "$work"
echo "$(find files -name '*.xml' | wc -l) files, $(du -sh files | cut -f1)"

# The same work on both sides: the merged files hold the same tests and failures.
"$kiln" results 'files/*.xml' --output kiln.xml > /dev/null || true
"$venv/bin/python" "$bench/junitparser_merge.py" peer.xml files/*.xml > /dev/null
counts() { python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); c = r.findall(".//testcase"); print(len(c), sum(1 for x in c if x.find("failure") is not None))' "$1"; }
[ "$(counts kiln.xml)" = "$(counts peer.xml)" ] || { echo "the merged files differ: kiln $(counts kiln.xml), peer $(counts peer.xml)"; exit 1; }
echo "both merged files: $(counts kiln.xml) (tests, failures)"

# kiln results exits 1 (the files hold failures): hyperfine is told to accept that.
hyperfine --runs "$runs" --warmup 1 -i --export-json "$work/results.json" \
  -n "kiln results: 100 files, 100,000 cases" "$kiln results 'files/*.xml' --output kiln.xml" \
  -n "peer: junitparser merge" "$venv/bin/python $bench/junitparser_merge.py peer.xml files/*.xml"
python3 "$(dirname "$bench")/summarize.py" "$work/results.json"

peak() { { /usr/bin/time -f %M "$@" > /dev/null; } 2>&1 | tail -1 || true; }
echo
echo "| peak memory | MB |"
echo "|---|---|"
echo "| kiln results | $(( $(peak "$kiln" results 'files/*.xml' --output kiln.xml) / 1024 )) |"
echo "| peer: junitparser merge | $(( $(peak "$venv/bin/python" "$bench/junitparser_merge.py" peer.xml files/*.xml) / 1024 )) |"
echo "| Python's ElementTree, parsing only | $(( $(peak "$venv/bin/python" "$bench/elementtree_parse.py" files/*.xml) / 1024 )) |"
