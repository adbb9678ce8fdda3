#!/usr/bin/env bash
# Fetch the Vazirmatn typeface (SIL OFL 1.1) from the npm registry into static/fonts/.
# The result is committed, so a fresh clone needs no network for fonts; rerun this to upgrade.
set -euo pipefail
version="${1:-33.0.3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "vazirmatn@${version}" --silent >/dev/null && tar xzf "vazirmatn-${version}.tgz")
# The Non-Latin variable cut: Persian glyphs only, so English uses the reader's system font.
cp "$work/package/misc/Non-Latin/fonts/webfonts/Vazirmatn-NL[wght].woff2" "$here/static/fonts/Vazirmatn[wght].woff2"
cp "$work/package/OFL.txt" "$here/static/fonts/Vazirmatn-OFL.txt"
echo "Vazirmatn ${version} installed in static/fonts/"
