#!/usr/bin/env bash
# Kills `--save-baseline` runs with SIGKILL at random moments, N times
# (default 100), and checks after each kill that the baseline is a whole
# result (the old one or the new one, never a torn file), and at the end
# that one more run leaves no temporary file behind.
#
#   scripts/kill-loop.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=100
[ "${1:-}" = "--runs" ] && runs="$2"
cargo build --release -q -p zenbench-tests --bin fixture_suite
exe="$PWD/target/release/fixture_suite"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export ZENBENCH_HOME="$home" ZENBENCH_NO_GATE=1 ZENBENCH_NO_HISTORY=1
args=(--bench -q --max-time 0.2 --exact plain --save-baseline main)
"$exe" "${args[@]}" 2> /dev/null
file="$home/baselines/main.json"
valid() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert v["groups"][0]["benchmarks"][0]["full_name"] == "plain"; print(v["run_id"])' "$1"; }
first="$(valid "$file")"
changed=0 kept=0 temps_seen=0
for i in $(seq "$runs"); do
    before="$(valid "$file")"
    # A pause before the rename (0-150 ms) widens the window a kill can hit.
    ZENBENCH_TEST_PAUSE_BEFORE_RENAME_MS=$((RANDOM % 150)) "$exe" "${args[@]}" 2> /dev/null &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 900)))"
    kill -9 "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
    after="$(valid "$file")" || { echo "run $i: the baseline is not a whole result"; exit 1; }
    if [ "$after" = "$before" ]; then kept=$((kept + 1)); else changed=$((changed + 1)); fi
    temps_seen=$((temps_seen + $(find "$home/baselines" -name '.main.json.tmp-*' | wc -l)))
done
"$exe" "${args[@]}" 2> /dev/null
left=$(find "$home/baselines" -name '.main.json.tmp-*' | wc -l)
echo "$runs kills: baseline whole every time (old kept $kept, new $changed); temporary files seen after kills: $temps_seen; left after one more run: $left"
[ "$left" -eq 0 ]
