#!/usr/bin/env bash
# The peer of `kiln stage`, as pipelines glue it today: the legacy Databricks CLI (databricks-cli
# 0.18.0) importing a folder of notebooks and copying a folder of artifacts, one call at a time.
#
#   stage_legacy.sh NOTEBOOKS ARTIFACTS WORKSPACE_DIR DBFS_DIR
set -euo pipefail
cli=${DATABRICKS_CLI:-databricks}
"$cli" workspace mkdirs "$3"
"$cli" workspace import_dir "$1" "$3" > /dev/null
"$cli" fs cp -r "$2" "$4" > /dev/null
