#!/usr/bin/env bash
# Renders a zenbench HTML report (`--format html`) to a PNG with headless
# Chromium, to look at the page without a desktop.
#
#     scripts/render-html.sh REPORT.html OUT.png [WIDTHxHEIGHT]
#
#   WIDTHxHEIGHT  the window, default 1400x4000 (the PNG is that size; a
#                 longer page is cut at the bottom)
#
# Installs Debian's `chromium` package with apt-get when no Chromium is on
# the PATH (as root, or through sudo). A sample report of the test fixture:
#
#     cargo test -p zenbench --features html --lib write_sample -- --ignored
#     scripts/render-html.sh /tmp/zb-report.html /tmp/zb-report.png

set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" >&2
    exit 2
fi
report=$1
out=$2
size=${3:-1400x4000}
case "$size" in
    *[!0-9x]* | x* | *x | *x*x*) echo "size wants WIDTHxHEIGHT, got '$size'" >&2; exit 2 ;;
    *x*) ;;
    *) echo "size wants WIDTHxHEIGHT, got '$size'" >&2; exit 2 ;;
esac
[ -f "$report" ] || { echo "no such report: $report" >&2; exit 2; }

find_chromium() {
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
    done
    return 1
}

if ! browser=$(find_chromium); then
    echo "render-html: no Chromium on the PATH; installing Debian's chromium" >&2
    if [ "$(id -u)" -eq 0 ]; then
        sudo=()
    elif command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "render-html: need root or sudo to install chromium" >&2
        exit 1
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
    browser=$(find_chromium) || { echo "render-html: chromium did not install" >&2; exit 1; }
fi

abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
# A throwaway profile, so a running browser or a stale lock never interferes.
profile=$(mktemp -d "${TMPDIR:-/tmp}/zenbench-render.XXXXXX")
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --user-data-dir="$profile" --screenshot="$out_abs" \
    --window-size="${size/x/,}" "file://$abs" 2>/dev/null
[ -s "$out_abs" ] || { echo "render-html: no screenshot written" >&2; exit 1; }
echo "wrote $out_abs ($size)"
