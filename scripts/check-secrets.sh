#!/usr/bin/env bash
# After the suite: no secret reached any output it captured (Tests/KilnTests/Support/SecretSweep.swift
# writes each find, without the secret, to the file given).
set -euo pipefail
finds=${1:-.build/test-artifacts/secret-finds.txt}
if [ -s "$finds" ]; then
  echo "Secrets reached the output of the suite ($(wc -l < "$finds") finds, in $finds):" >&2
  sort "$finds" | uniq -c | sort -rn | head -40 >&2
  exit 1
fi
echo "No token or client secret in any output the suite captured."
