#!/usr/bin/env bash
# Fuzzes zenbench's parsers of outside input with cargo-fuzz (libFuzzer):
#   result_file   a result file (baseline, --format json report, history)
#                 read, compared with itself and rendered in every format
#   command_line  the command line and ZENBENCH_* variables, parsed and planned
#   attribute     #[zenbench::bench(...)] / #[zenbench::bench_group(...)]
#                 expanded over any arguments and item
#
#   scripts/fuzz.sh [SECS] [TARGET...]   fuzz each TARGET (default: all) for
#                                        SECS seconds (default 600), niced
#   scripts/fuzz.sh cmin [TARGET...]     minimise the committed corpora
#   scripts/fuzz.sh smoke                every target for 5 seconds
#
# cargo-fuzz needs nightly flags; on a stable toolchain RUSTC_BOOTSTRAP=1
# lets rustc take them. It installs cargo-fuzz when it is missing. Inputs
# that crash land in fuzz/artifacts/TARGET/; a fixed one is kept in
# fuzz/regressions/TARGET/, which the workspace's tests replay with the
# corpora (zenbench-runtime/src/fuzzing.rs, zenbench-attr/src/fuzzing.rs).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1
# One compile job at a time: a shared 2-core machine.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
ALL=(result_file command_line attribute)

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    nice -n 19 cargo install cargo-fuzz --locked
fi

mode=run
secs=600
case "${1:-}" in
    cmin | smoke) mode=$1; shift ;;
    '' | *[!0-9]*) ;;
    *) secs=$1; shift ;;
esac
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")
[ "$mode" = smoke ] && secs=5

nice -n 19 cargo fuzz build 2>&1 | tail -1
status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    if [ "$mode" = cmin ]; then
        before=$(ls "corpus/$t" | wc -l)
        # By edges alone (not their hit counts): a small corpus to commit.
        nice -n 19 cargo fuzz cmin "$t" "corpus/$t" -- -use_counters=0 >/dev/null 2>&1
        echo "$t: corpus minimised from $before to $(ls "corpus/$t" | wc -l) files"
        continue
    fi
    log="artifacts/$t/last-run.log"
    # New inputs go to the first folder: the corpus itself on a real run
    # (minimise it after), a scratch folder on a smoke run.
    dirs=("corpus/$t")
    if [ "$mode" = smoke ]; then
        scratch="$(mktemp -d)"
        dirs=("$scratch" "corpus/$t")
    fi
    echo "== $t: $secs s"
    # -timeout: an input that takes ten seconds is a finding too (a hang).
    start=$(date +%s)
    if nice -n 19 cargo fuzz run "$t" "${dirs[@]}" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        >"$log" 2>&1; then
        result="no crash"
    else
        result="FOUND A CRASH (see $log and artifacts/$t/)"
        status=1
    fi
    took=$(($(date +%s) - start))
    [ "$mode" = smoke ] && rm -rf "$scratch"
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | head -1 || echo '?')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    echo "$t: $runs executions in ${took} s, $cov, corpus $(ls "corpus/$t" | wc -l) files: $result"
done
exit $status
