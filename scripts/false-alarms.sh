#!/usr/bin/env bash
# The false-alarm measurement of the CI gate: the same build compared with
# its own saved baseline, and the same build made a known amount slower.
#
# Builds `benches/benches/ci_gate.rs` (four workloads whose work grows by
# ZB_SLOWDOWN_PCT percent) and the side-by-side program's noisy neighbour,
# then, in a fresh state folder (ZENBENCH_HOME), for each regime:
#
#   cold       no history: every comparison assumes only --baseline-noise
#   learned    10 plain runs first, so the history has measured each
#              benchmark's run-to-run noise on this machine
#   processes  no history, but the baseline is saved with
#              --mean-of-processes 5: it measured its own spread
#
# saves a baseline and runs
#   - N comparisons of the unchanged build (half quiet, a quarter each under
#     the `busy` and the `cache` neighbour): a failing one is a false alarm;
#   - N comparisons at each slowdown of --slowdowns (quiet): a passing one is
#     a miss.
# Every run is a fresh process, as in CI. Prints one line per run and a
# table: failures out of N per regime and slowdown.
#
#     scripts/false-alarms.sh [--runs N] [--slowdowns "4 6 8 10"] [--regimes "cold learned processes"]
#
# About 10 minutes on a 2-core machine at the defaults (the gate waits out
# the neighbour's loud phases). Figures of one run only compare with each
# other.

set -euo pipefail

runs=20
slowdowns="4 6 8 10"
regimes="cold learned processes"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --slowdowns) slowdowns="$2"; shift 2 ;;
        --regimes) regimes="$2"; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bench="$(scripts/ci-gate-bench.sh)"
(cd sidebyside && cargo build --release --bin sidebyside >/dev/null 2>&1)
neighbour_exe="$root/sidebyside/target/release/sidebyside"

state="$(mktemp -d)"
trap 'rm -rf "$state"; [ -n "${npid:-}" ] && kill "$npid" 2>/dev/null; true' EXIT
export ZENBENCH_HOME="$state"

# The neighbour runs until its stdin ends: give it a fifo this script holds
# open, and stop it by its pid.
mkfifo "$state/hold"
exec 3<>"$state/hold"
npid=""
neighbour() { # start MODE
    "$neighbour_exe" --neighbour "$1" --seed "$RANDOM" <&3 >/dev/null 2>&1 &
    npid=$!
    sleep 0.5
}
quiet() {
    if [ -n "$npid" ]; then
        kill "$npid" 2>/dev/null || true
        wait "$npid" 2>/dev/null || true
        npid=""
    fi
}

# One comparison: prints "exit regressions" for the run.
compare() { # regime pct condition
    local hist=() out code
    [ "$1" != learned ] && hist=(--no-history)
    out="$state/run.json"
    set +e
    ZB_SLOWDOWN_PCT="$2" "$bench" --bench --baseline base "${hist[@]}" \
        --format json --output "$out" 2>/dev/null
    code=$?
    set -e
    local regressed
    regressed="$(grep -o '"verdict": "regression"' "$out" | wc -l)"
    # Each regressed entry's name: the `full_name` line before its verdict.
    local names
    names="$(grep -B8 '"verdict": "regression"' "$out" | sed -n 's/.*"full_name": "\([^"]*\)".*/\1/p' | tr '\n' ' ')"
    echo "$1 $3 slowdown=$2% exit=$code regressions=$regressed $names" >&2
    echo "$code"
}

declare -A failed
for regime in $regimes; do
    rm -rf "$state"/baselines "$state"/history
    if [ "$regime" = learned ]; then
        for _ in $(seq 10); do "$bench" --bench >/dev/null 2>&1; done
    fi
    save=(--bench --save-baseline base)
    [ "$regime" != learned ] && save+=(--no-history)
    [ "$regime" = processes ] && save+=(--mean-of-processes 5)
    "$bench" "${save[@]}" >/dev/null 2>&1
    n=0
    for i in $(seq "$runs"); do
        if [ "$i" -gt $((runs / 2)) ] && [ "$i" -le $((runs * 3 / 4)) ]; then
            cond=busy; neighbour busy
        elif [ "$i" -gt $((runs * 3 / 4)) ]; then
            cond=cache; neighbour cache
        else
            cond=quiet
        fi
        [ "$(compare "$regime" 0 "$cond")" = 1 ] && n=$((n + 1))
        quiet
    done
    failed[$regime,0]=$n
    for pct in $slowdowns; do
        n=0
        for _ in $(seq "$runs"); do
            [ "$(compare "$regime" "$pct" quiet)" = 1 ] && n=$((n + 1))
        done
        failed[$regime,$pct]=$n
    done
done

echo
echo "runs failing (exit 1) out of $runs, --max-regression 5 (default):"
printf '%-9s %12s' regime "unchanged"
for pct in $slowdowns; do printf ' %8s' "+$pct%"; done
echo
for regime in $regimes; do
    printf '%-9s %12s' "$regime" "${failed[$regime,0]}/$runs"
    for pct in $slowdowns; do printf ' %8s' "${failed[$regime,$pct]}/$runs"; done
    echo
done
