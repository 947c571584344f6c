#!/usr/bin/env bash
# The demo: the whole CI pipeline on the R example, on the embedded engine — notebooks staged,
# the testthat suite run for real, JUnit results merged, the build's folders cleaned, and the
# HTML report of the example's builds written.
set -euo pipefail
kiln=$(realpath "$1")
cd "$(dirname "$0")/../examples/r-model"
"$kiln" build --force --report kiln-results/report
echo "Merged JUnit results: examples/r-model/kiln-results/junit.xml"
echo "HTML report of the example's builds: examples/r-model/kiln-results/report/index.html"
