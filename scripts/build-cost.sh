#!/usr/bin/env bash
# What zenbench costs a user's clean build, next to divan (and criterion).
#
# Makes throwaway one-benchmark user crates in a temp dir: one depending on
# this repo's zenbench (by path), one on divan and one on criterion from
# crates.io, and with --against REV one on zenbench as it was at REV (a
# worktree of this repository), so a change's cost is measured before and
# after in one run. Fetches their dependencies first (download
# time is not counted), then times `cargo bench --no-run` (the release `bench`
# profile) of each from a fresh, empty target dir, interleaved (zenbench,
# divan[, criterion], zenbench, divan, ...), and prints the seconds of each
# trial, wall and CPU (user+system, less sensitive to other load), the
# zenbench/divan ratio of each trial, the medians and the ratio of the
# medians. Timings on a shared machine are noisy: compare only figures of one
# run.
#
#     scripts/build-cost.sh [--trials N] [--no-criterion] [--against REV] [--compat] [--jobs N] [--keep]
#
#   --trials N      trials per crate (default 3)
#   --no-criterion  leave out the criterion crate
#   --against REV   add a crate on zenbench at git revision REV ("before")
#   --compat        add the migration crates: the criterion crate's source on
#                   zenbench-criterion and the divan crate's on zenbench-divan,
#                   each with its dependency renamed as a migrating user does
#   --jobs N     passed to cargo as --jobs (default: cargo's, all cores)
#   --keep       keep the temp dir (crates, lockfiles, last target dirs)
#
# Needs only cargo and crates.io (for the first fetch).

set -euo pipefail

trials=3
criterion=1
compat=0
against=
jobs=()
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --trials)
            [ $# -ge 2 ] || { echo "--trials needs a number" >&2; exit 2; }
            trials=$2
            shift 2
            ;;
        --trials=*) trials=${1#--trials=}; shift ;;
        --criterion) criterion=1; shift ;;
        --no-criterion) criterion=0; shift ;;
        --against)
            [ $# -ge 2 ] || { echo "--against needs a git revision" >&2; exit 2; }
            against=$2
            shift 2
            ;;
        --against=*) against=${1#--against=}; shift ;;
        --compat) criterion=1; compat=1; shift ;;
        --jobs)
            [ $# -ge 2 ] || { echo "--jobs needs a number" >&2; exit 2; }
            jobs=(--jobs "$2")
            shift 2
            ;;
        --jobs=*) jobs=(--jobs "${1#--jobs=}"); shift ;;
        --keep) keep=1; shift ;;
        -h | --help)
            sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"
            exit 0
            ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done
case "$trials" in
    '' | *[!0-9]* | 0) echo "--trials wants a positive integer, got '$trials'" >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -f "$repo/zenbench/Cargo.toml" ] || { echo "no zenbench crate under $repo" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zenbench-build-cost.XXXXXX")
cleanup() {
    if [ -n "$against" ] && [ -d "$tmp/before-src" ]; then
        git -C "$repo" worktree remove --force "$tmp/before-src" >/dev/null 2>&1 || true
    fi
    if [ "$keep" = 1 ]; then
        echo "kept $tmp" >&2
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

# Nothing from outside the user's own Cargo.toml should change the build:
# no compiler cache, no shared target dir, no extra flags.
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR RUSTFLAGS CARGO_ENCODED_RUSTFLAGS \
    CARGO_BUILD_RUSTFLAGS CARGO_INCREMENTAL
export RUSTC_WRAPPER="" CARGO_BUILD_RUSTC_WRAPPER="" CARGO_TERM_COLOR=never

# new_crate NAME DEPENDENCY-LINE BENCH-SOURCE
new_crate() {
    local dir="$tmp/$1"
    mkdir -p "$dir/src" "$dir/benches"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "cost-$1"
version = "0.0.0"
edition = "2021"
publish = false

# Not part of any workspace around the temp dir.
[workspace]

[dev-dependencies]
$2

[[bench]]
name = "one"
harness = false
EOF
    echo "" >"$dir/src/lib.rs"
    printf '%s\n' "$3" >"$dir/benches/one.rs"
}

# A TOML basic string: the path with backslashes and quotes escaped.
zb_path=${repo//\\/\\\\}
zb_path=${zb_path//\"/\\\"}/zenbench

new_crate zenbench "zenbench = { path = \"$zb_path\" }" \
    '#[zenbench::bench]
fn f() -> u64 {
    (0..100u64).sum()
}

fn main() {
    zenbench::main()
}'

new_crate divan 'divan = "0.1"' \
    '#[divan::bench]
fn f() -> u64 {
    (0..100u64).sum()
}

fn main() {
    divan::main()
}'

names=(zenbench divan)
if [ -n "$against" ]; then
    git -C "$repo" rev-parse --verify --quiet "$against^{commit}" >/dev/null \
        || { echo "--against: no such revision: $against" >&2; exit 2; }
    git -C "$repo" worktree add --detach --quiet "$tmp/before-src" "$against"
    before_path=${tmp//\\/\\\\}/before-src/zenbench
    new_crate before "zenbench = { path = \"$before_path\" }" "$(cat "$tmp/zenbench/benches/one.rs")"
    names+=(before)
fi
criterion_src='use criterion::{criterion_group, criterion_main, Criterion};

fn f() -> u64 {
    (0..100u64).sum()
}

fn bench(c: &mut Criterion) {
    c.bench_function("f", |b| b.iter(f));
}

criterion_group!(benches, bench);
criterion_main!(benches);'
if [ "$criterion" = 1 ]; then
    new_crate criterion 'criterion = "0.8"' "$criterion_src"
    names+=(criterion)
fi
if [ "$compat" = 1 ]; then
    new_crate zb-criterion \
        "criterion = { package = \"zenbench-criterion\", path = \"${zb_path%/zenbench}/compat/criterion\" }" \
        "$criterion_src"
    names+=(zb-criterion)
    if [ -f "$repo/compat/divan/Cargo.toml" ]; then
        new_crate zb-divan \
            "divan = { package = \"zenbench-divan\", path = \"${zb_path%/zenbench}/compat/divan\" }" \
            "$(cat "$tmp/divan/benches/one.rs")"
        names+=(zb-divan)
    fi
fi

# One resolution per crate, fetched up front: every trial builds the same
# versions, offline, and no download is timed.
for n in "${names[@]}"; do
    echo "fetching $n ..." >&2
    (cd "$tmp/$n" && cargo generate-lockfile --quiet && cargo fetch --quiet)
done

# build NAME TRIAL: prints "WALL CPU", the elapsed and the user+system
# seconds of one clean `cargo bench --no-run`.
build() {
    local dir="$tmp/$1" target="$tmp/target-$1-$2" log="$tmp/log-$1-$2" times="$tmp/time-$1-$2"
    rm -rf "$target"
    local TIMEFORMAT='%3R %3U %3S'
    if ! { time (cd "$dir" && CARGO_TARGET_DIR="$target" \
        cargo bench --no-run --locked --offline "${jobs[@]}" >"$log" 2>&1); } 2>"$times"; then
        echo "cargo bench --no-run failed for $1 (trial $2):" >&2
        cat "$log" >&2
        exit 1
    fi
    # The previous trial's target dir is no longer needed (disk space).
    if [ "$2" -gt 1 ]; then rm -rf "$tmp/target-$1-$(($2 - 1))"; fi
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$times"
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2];
              else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "$(cargo --version), $(rustc --version), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores" \
    "${jobs[*]}"
echo "clean \`cargo bench --no-run\`, seconds: wall (CPU = user+system)"
declare -A wall cpu last_w last_c
ratios=
printf '%-7s' trial
for n in "${names[@]}"; do printf ' %18s' "$n"; done
printf ' %18s\n' "zenbench/divan"
for ((t = 1; t <= trials; t++)); do
    printf '%-7s' "$t"
    for n in "${names[@]}"; do
        out=$(build "$n" "$t")
        read -r w c <<<"$out"
        wall[$n]="${wall[$n]:-} $w"
        cpu[$n]="${cpu[$n]:-} $c"
        last_w[$n]=$w
        last_c[$n]=$c
        printf ' %18s' "$w ($c)"
    done
    r=$(awk -v a="${last_w[zenbench]}" -v b="${last_w[divan]}" -v c="${last_c[zenbench]}" \
        -v d="${last_c[divan]}" 'BEGIN { printf "%.2f (%.2f)", a / b, c / d }')
    ratios="$ratios ${r%% *}"
    printf ' %18s\n' "$r"
done

declare -A med_w med_c
printf '%-7s' median
for n in "${names[@]}"; do
    # shellcheck disable=SC2086  # the lists are split on purpose
    med_w[$n]=$(median ${wall[$n]})
    # shellcheck disable=SC2086
    med_c[$n]=$(median ${cpu[$n]})
    printf ' %18s' "${med_w[$n]} (${med_c[$n]})"
done
# shellcheck disable=SC2086
printf ' %18s\n' "$(median $ratios)"
for n in "${names[@]}"; do
    [ "$n" = zenbench ] && continue
    [ "$n" = before ] && [ -n "$against" ] && continue
    awk -v a="${med_w[zenbench]}" -v b="${med_w[$n]}" -v c="${med_c[zenbench]}" \
        -v d="${med_c[$n]}" -v n="$n" \
        'BEGIN { printf "ratio zenbench/%s of the medians: %.2f wall, %.2f CPU\n", n, a / b, c / d }'
done
# A migrated suite against its original harness; the revision against
# divan and this tree.
for pair in "zb-criterion criterion" "zb-divan divan" "before divan" "zenbench before"; do
    read -r a b <<<"$pair"
    [ -n "${med_w[$a]:-}" ] && [ -n "${med_w[$b]:-}" ] || continue
    awk -v a="${med_w[$a]}" -v b="${med_w[$b]}" -v c="${med_c[$a]}" -v d="${med_c[$b]}" \
        -v n="$a/$b" 'BEGIN { printf "ratio %s of the medians: %.2f wall, %.2f CPU\n", n, a / b, c / d }'
done
