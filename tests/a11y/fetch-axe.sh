#!/usr/bin/env bash
# Refresh the vendored axe-core (tests only; never served to readers) from the npm registry.
# The test suite reads tests/a11y/vendor/axe.min.js, committed so CI needs no network; run this
# script only to move to another version, then commit the two files it writes.
set -euo pipefail
VERSION="${1:-4.14.1}"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@${VERSION}" >/dev/null && tar -xzf "axe-core-${VERSION}.tgz")
mkdir -p "$here/vendor"
cp "$tmp/package/axe.min.js" "$here/vendor/axe.min.js"
cp "$tmp/package/LICENSE" "$here/vendor/axe-LICENSE.txt"
echo "axe-core ${VERSION} -> $here/vendor/axe.min.js"
