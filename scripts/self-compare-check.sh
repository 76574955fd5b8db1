#!/usr/bin/env bash
# How often `zenbench self-compare` sees a change, and how long it takes:
# a throwaway git repository whose one benchmark (a ~2.4 µs dependent
# chain, `target`, beside an unchanged `steady`) does 0%, 1% and 2% more
# work than at the first commit; N self-compare runs against that commit
# for each. Prints, per change, how many runs put the whole 95% CI above 0
# ("detected"), how many called it a regression (beyond --max-regression,
# default 5%), and the median wall time of a run (builds are cached after
# the first).
#
#     scripts/self-compare-check.sh [--runs N] [--max-time SECS] [--duet] [--neighbour busy|cache]
#
# --duet passes self-compare's --duet (both builds' samples at once, one
# per core); --neighbour runs the side-by-side program's noisy neighbour
# throughout (it builds sidebyside/).
#
# Builds the zenbench tool (feature cli) and the demo crate (opt-level 1,
# for build time); about 5 minutes at the defaults on a 2-core machine.

set -euo pipefail
runs=20
max_time=2
duet=()
neighbour=
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --max-time) max_time="$2"; shift 2 ;;
        --duet) duet=(--duet); shift ;;
        --neighbour) neighbour="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release -p zenbench --features cli --bin zenbench --manifest-path "$root/Cargo.toml" >/dev/null 2>&1
tool="$root/target/release/zenbench"
demo="$(mktemp -d)"
npid=""
trap 'rm -rf "$demo"; [ -n "$npid" ] && kill "$npid" 2>/dev/null; true' EXIT
if [ -n "$neighbour" ]; then
    (cd "$root/sidebyside" && cargo build --release --bin sidebyside >/dev/null 2>&1)
    mkfifo "$demo.hold"
    exec 3<>"$demo.hold"
    rm -f "$demo.hold"
    "$root/sidebyside/target/release/sidebyside" --neighbour "$neighbour" --seed 7 <&3 >/dev/null 2>&1 &
    npid=$!
fi
mkdir -p "$demo/benches"
cat > "$demo/Cargo.toml" <<TOML
[package]
name = "sc-check"
version = "0.1.0"
edition = "2021"
publish = false

[dev-dependencies]
zenbench = { path = "$root/zenbench" }

[[bench]]
name = "demo"
harness = false

[workspace]
TOML
cp "$root/Cargo.lock" "$demo/"
echo /target > "$demo/.gitignore"
source_with() { # work of `target`
    cat > "$demo/benches/demo.rs" <<RS
use std::hint::black_box;
fn work(n: u64) -> u64 {
    let mut x = 1u64;
    for i in 0..n { x = black_box(x.rotate_left(5) ^ i).wrapping_mul(0x2545_f491_4f6c_dd1d); }
    x
}
#[zenbench::bench] fn steady() -> u64 { work(black_box(2000)) }
#[zenbench::bench] fn target() -> u64 { work(black_box($1)) }
fn main() { zenbench::main() }
RS
}
export CARGO_PROFILE_BENCH_OPT_LEVEL=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@x GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@x
cd "$demo"
source_with 2000; git init -q; git add .; git commit -qm base; git tag base
# A/A: the same work, another commit.
echo "// the same" >> benches/demo.rs; git commit -qam aa; git tag aa
source_with 2020; git commit -qam one; git tag one
source_with 2040; git commit -qam two; git tag two
printf '%-6s %10s %12s %12s %14s\n' change detected regression "median s" "mean CI width"
for tag in aa one two; do
    git checkout -q "$tag"
    "$tool" self-compare --ref base --max-time "$max_time" "${duet[@]}" --json >/dev/null 2>&1 || true # build once
    detected=0; regressed=0; times=(); widths=()
    for _ in $(seq "$runs"); do
        start=$(date +%s.%N)
        out="$("$tool" self-compare --ref base --max-time "$max_time" "${duet[@]}" --json 2>/dev/null || true)"
        times+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')")
        line="$(echo "$out" | tr -d '\n ' | grep -o '"full_name":"target"[^}]*')"
        lower="$(echo "$line" | sed -n 's/.*"ci_lower_pct":\([-0-9.e+]*\).*/\1/p')"
        verdict="$(echo "$line" | sed -n 's/.*"verdict":"\([a-z]*\)".*/\1/p')"
        [ "$(awk -v x="${lower:-0}" 'BEGIN { print (x > 0) }')" = 1 ] && detected=$((detected + 1))
        upper="$(echo "$line" | sed -n 's/.*"ci_upper_pct":\([-0-9.e+]*\).*/\1/p')"
        widths+=("$(awk -v a="${lower:-0}" -v b="${upper:-0}" 'BEGIN { print b - a }')")
        [ "$verdict" = regression ] && regressed=$((regressed + 1))
    done
    median="$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
    label=$([ "$tag" = aa ] && echo "0%" || ([ "$tag" = one ] && echo "+1%" || echo "+2%"))
    width="$(printf '%s\n' "${widths[@]}" | awk '{ s += $1 } END { printf "%.2f%%", s / NR }')"
    printf '%-6s %10s %12s %12.2f %14s\n' "$label" "$detected/$runs" "$regressed/$runs" "$median" "$width"
done
