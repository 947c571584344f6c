#!/usr/bin/env bash
# Packs a release build of kiln for CI agents: dist/kiln-<version>-linux-<arch>.tar.gz and its
# .sha256. The folder inside holds the kiln executable (Swift runtime linked in) and the
# resource bundles, which must stay beside it.
# Usage: scripts/dist.sh BUILD_FOLDER VERSION
set -euo pipefail
build=$1 version=$2
name="kiln-$version-linux-$(uname -m)"
rm -rf "dist/$name" "dist/$name.tar.gz" "dist/$name.tar.gz.sha256"
mkdir -p "dist/$name"
cp "$build/kiln" "dist/$name/"
# Debug info is most of the size; the symbol table stays, so backtraces still name functions.
strip --strip-debug "dist/$name/kiln"
cp -R "$build"/*.resources "dist/$name/"
cp README.md "dist/$name/"
tar -C dist --owner=0 --group=0 -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
rm -rf "dist/$name"
echo "dist/$name.tar.gz"
