#!/usr/bin/env bash
# The demo: the R example's test notebook, run on the embedded engine in a fresh state folder.
set -euo pipefail
kiln=$(realpath "$1")
cd "$(dirname "$0")/../examples/r-model"
state=.kiln/demo
rm -rf "$state"
here=$(pwd)
"$kiln" notebook run databricks/run_tests.R --state "$state" \
  --param model_path="$here/models/model.rds" \
  --param tests_path="$here/tests/testthat" \
  --param data_test_path="$here/data/test.csv" \
  --param results_path=dbfs:/demo/results/junit.xml
echo "JUnit results: examples/r-model/$state/dbfs/demo/results/junit.xml"
