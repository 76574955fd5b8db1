#!/usr/bin/env bash
# The default CI flow's false alarms and detections: what a team sets up
# first. A baseline is saved as on the main branch (`--save-baseline main`,
# default settings), then compared as on a pull request (`--baseline main`,
# default settings) on a fresh runner: a state folder holding that baseline
# and no history. Nothing else is given: no --baseline-noise, no
# processes, the default --confirm.
#
# Builds `benches/benches/ci_gate.rs` (five workloads, from ~4 ns to
# ~300 µs; the work of all but the tiniest grows by ZB_SLOWDOWN_PCT) and,
# for each of --saves baselines (each saved by a fresh process in a fresh
# state folder), runs --per-save comparisons of the unchanged build and one
# at each slowdown of --slowdowns, every one a fresh process with a fresh
# state folder holding only the baseline.
#
# Each run prints one line: its exit code, the regressions its first
# measurement read (what failed the run before --confirm), and what the
# confirmation cleared. The table: runs failing out of N per cell, as the
# gate is now (exit code 1) and as it was without the confirmation (a
# regression in the first measurement: the same runs read with
# --confirm 0).
#
#     scripts/gate-flow.sh [--saves 20] [--per-save 5] [--slowdowns "5 10"]
#
# About 25 minutes on a 2-core machine at the defaults (20 saves, 100
# unchanged runs, 20 per slowdown). Figures of one run only compare with
# each other.

set -euo pipefail

saves=20
per_save=5
slowdowns="5 10"
while [ $# -gt 0 ]; do
    case "$1" in
        --saves) saves="$2"; shift 2 ;;
        --per-save) per_save="$2"; shift 2 ;;
        --slowdowns) slowdowns="$2"; shift 2 ;;
        -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bench="$(scripts/ci-gate-bench.sh)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One comparison in a fresh state folder holding baseline `main` of
# $work/saved: prints "now before" (1 = the run failed; the first
# measurement alone would have failed it) and logs the run.
compare() { # pct
    local home="$work/runner" out="$work/run.json" code
    rm -rf "$home"
    mkdir -p "$home"
    cp -r "$work/saved/baselines" "$home/"
    set +e
    ZENBENCH_HOME="$home" ZB_SLOWDOWN_PCT="$1" "$bench" --bench --baseline main \
        --format json --output "$out" 2>/dev/null
    code=$?
    set -e
    python3 - "$out" "$code" "$1" <<'EOF'
import json, sys
path, code, pct = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    a = json.load(open(path)).get("against") or {}
except (OSError, ValueError):
    a = {}
c = a.get("confirmation")
final = [e["full_name"] for e in a.get("entries", []) if e["verdict"] == "regression"]
first = c["first_regressions"] if c else final
before = 1 if first else 0
now = 1 if code == 1 else 0
print(f"{now} {before}")
again = ",".join(c["measured"]) if c else "-"
print(f"slowdown={pct}% exit={code} first={','.join(first) or '-'} "
      f"measured-again={again or '-'} now={','.join(final) or '-'}", file=sys.stderr)
EOF
}

declare -A now before runs
for cell in 0 $slowdowns; do now[$cell]=0; before[$cell]=0; runs[$cell]=0; done
for s in $(seq "$saves"); do
    rm -rf "$work/saved"
    mkdir -p "$work/saved"
    ZENBENCH_HOME="$work/saved" "$bench" --bench --save-baseline main >/dev/null 2>&1
    echo "baseline $s of $saves saved" >&2
    cells=()
    for _ in $(seq "$per_save"); do cells+=(0); done
    cells+=($slowdowns)
    for pct in "${cells[@]}"; do
        read -r n b < <(compare "$pct")
        now[$pct]=$((now[$pct] + n))
        before[$pct]=$((before[$pct] + b))
        runs[$pct]=$((runs[$pct] + 1))
    done
done

echo
echo "runs failing (exit 1), default settings (--max-regression 5, --confirm 2):"
printf '%-10s %8s %14s %14s\n' change runs "with confirm" "first pass"
for cell in 0 $slowdowns; do
    label="+$cell%"
    [ "$cell" = 0 ] && label="unchanged"
    printf '%-10s %8s %14s %14s\n' "$label" "${runs[$cell]}" \
        "${now[$cell]}/${runs[$cell]}" "${before[$cell]}/${runs[$cell]}"
done
