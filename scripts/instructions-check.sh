#!/usr/bin/env bash
# Instruction-count gating, repeated: saves a counted baseline, then N times
# checks that the same build passes and a build doing 1.5% more work fails
# a 1% threshold, optionally with a busy neighbour on every core.
#
#   scripts/instructions-check.sh [--runs N] [--neighbour]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20
neighbour=0
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --neighbour) neighbour=1; shift ;;
        *) echo "usage: $0 [--runs N] [--neighbour]" >&2; exit 2 ;;
    esac
done
cargo build --release -q -p zenbench-tests --bin fixture_instructions
exe="$PWD/target/release/fixture_instructions"
home="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$home"; }
trap cleanup EXIT
if [ "$neighbour" = 1 ]; then
    for _ in $(seq "$(nproc)"); do (while :; do :; done) & pids+=($!); done
fi
export ZENBENCH_HOME="$home" ZENBENCH_NO_GATE=1 ZENBENCH_NO_HISTORY=1
args=(--bench --measure instructions --skip threaded -q --format json)
"$exe" "${args[@]}" --save-baseline counted > /dev/null
pass=0 fail=0 start=$(date +%s)
for i in $(seq "$runs"); do
    if "$exe" "${args[@]}" --baseline counted --max-regression 1 > /dev/null; then
        pass=$((pass + 1))
    fi
    if ! ZB_EXTRA_PERMILLE=15 "$exe" "${args[@]}" --baseline counted --max-regression 1 > /dev/null; then
        fail=$((fail + 1))
    fi
done
echo "identical build passed $pass/$runs; +1.5% build failed $fail/$runs; neighbour=$neighbour; $(( $(date +%s) - start )) s"
