#!/usr/bin/env bash
# Builds `benches/benches/ci_gate.rs` (release, `cargo bench --no-run`) and
# prints its executable's path: the workloads of the gate's false-alarm
# measurements (scripts/gate-flow.sh, scripts/false-alarms.sh). Exit 2
# when it cannot be found.

set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench ci_gate --no-run >/dev/null 2>&1
bench="$(cargo bench --bench ci_gate --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*ci_gate[^"]*\)".*/\1/p' | tail -1)"
[ -x "$bench" ] || { echo "cannot find the ci_gate bench binary" >&2; exit 2; }
echo "$bench"
