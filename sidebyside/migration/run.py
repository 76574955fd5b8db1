#!/usr/bin/env python3
"""The suites of this folder run under the harness they were written for
(original/: criterion 0.8.2, divan 0.1.21), under zenbench's migration
crates (migrated/: zenbench-criterion, zenbench-divan, the same source) and,
for the fidelity table, as native zenbench benches (native/). Three modes:

pair (the default): suite.rs under criterion and zenbench-criterion,
    alternating; each run's wall time and the verdict each gives on the
    pair whose candidate does 2% more work (pair/base vs pair/plus_2pct).
    criterion reports each benchmark alone, with a 95% CI of its mean; its
    verdict is read off those: "slower" when the candidate's CI lies wholly
    above the base's, "faster" when below, else "overlap". zenbench reports
    the paired comparison and its verdict itself.

setup: setup_suite.rs (a target fn with a ~0.15 s setup, then three pairs
    of rows, binary_more/N against binary/N, the candidate doing 5% more
    lookups) under criterion and zenbench-criterion, alternating. Per run:
    the wall time, and per pair the change each harness reports.
    zenbench-criterion: its paired `pct_change` and 95% CI
    (`ci_lower_pct`, `ci_upper_pct`) and verdict. criterion: the change of
    the two benchmarks' `mean` point estimates (estimates.json), with an
    interval combined from their two 95% CIs on the log scale: each CI's
    half-width in ln(time) is taken as 1.96 standard errors, the two
    estimates are independent (measured one after the other), so the
    change's half-width is the root of the sum of the squares, and the
    interval is exp(ln(c/b) -/+ that) - 1. Then the medians, the wall-time
    ratio, and in how many runs criterion's change lay within zenbench's CI
    of the same run.

fidelity: per suite (suite.rs, setup_suite.rs, divan_suite.rs) one table:
    per benchmark, the median time per iteration (--stat mean for the mean,
    the same statistic on every side) under the original harness, under
    the compat crate and as a native zenbench bench, and the ratios
    compat/original and native/original. criterion: estimates.json
    `median` (`mean`); zenbench: `summary.median_ns` (`mean_ns`) of
    `--format json`; divan: the `median` (`mean`) column of its table
    (divan has no machine-readable output; 4 significant digits). With
    --runs N, each figure is the median of the N runs' figures; the three
    harnesses run in a rotated order from run to run. Names are matched
    through NAME_MAP (empty where they agree); a benchmark one side lacks
    is listed under the table, never dropped.

--quick shortens every run, to check that the harness works, not to
measure: zenbench --max-time 0.5, criterion --warm-up-time 0.5
--measurement-time 1, divan --max-time 0.5.

    python3 run.py [pair|setup|fidelity] [--runs N] [--quick] [--no-gate]
                   [--stat median|mean] [--suites suite,setup_suite,divan_suite]

(from sidebyside/migration; it builds with `cargo bench --no-run` first.)
"""

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

CRITERION_QUICK = ["--warm-up-time", "0.5", "--measurement-time", "1"]
ZENBENCH_QUICK = ["--max-time", "0.5"]
DIVAN_QUICK = ["--max-time", "0.5"]

# The suites of the fidelity table: bench target -> the harness its source
# was written for.
SUITES = {"suite": "criterion", "setup_suite": "criterion", "divan_suite": "divan"}

# Where a harness names a benchmark differently from zenbench's full name
# (`group/row`), per suite and harness: {their name: zenbench's name}. Every
# name not listed is taken as it is. Today the names agree: criterion's
# `full_id` is zenbench-criterion's full name, and a divan path (the tree's
# levels below the crate's root, joined with `/`) is zenbench-divan's (and
# the native benches are named to match). A divan bench in a plain module
# inside a bench_group would differ (divan `group/module/bench`, zenbench
# `group/module::bench`) and would be listed here.
NAME_MAP = {
    ("suite", "criterion"): {},
    ("setup_suite", "criterion"): {},
    ("divan_suite", "divan"): {},
}


# ---- building ---------------------------------------------------------------


def executables():
    """{(package, target): path} of every bench target of the workspace,
    package being `original`, `migrated` or `native`."""
    out = subprocess.run(
        ["cargo", "bench", "--no-run", "--message-format=json"],
        cwd=HERE, check=True, stdout=subprocess.PIPE, text=True).stdout
    exes = {}
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
                and "bench" in msg["target"]["kind"]:
            package = msg["package_id"].split("#")[0].rsplit("/", 1)[-1]
            exes[(package, msg["target"]["name"])] = msg["executable"]
    return exes


# ---- running one harness ----------------------------------------------------


def run_process(cmd, env=None):
    """Runs `cmd` in this folder; (wall seconds, completed process)."""
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=HERE, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    return time.monotonic() - start, proc


def fail(cmd, proc):
    tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
    sys.exit(f"{' '.join(cmd)} exited with {proc.returncode}:\n{tail}")


def run_criterion(exe, quick):
    """One criterion run in a fresh CRITERION_HOME (so no estimate of an
    earlier run is read): (wall s, {full_id: estimates.json})."""
    home = tempfile.mkdtemp(prefix="criterion-home-")
    try:
        cmd = [exe, "--bench", "--noplot"] + (CRITERION_QUICK if quick else [])
        wall, proc = run_process(cmd, dict(os.environ, CRITERION_HOME=home))
        if proc.returncode != 0:
            fail(cmd, proc)
        estimates = {}
        for root, _, files in os.walk(home):
            if os.path.basename(root) == "new" and "benchmark.json" in files:
                with open(os.path.join(root, "benchmark.json")) as f:
                    full_id = json.load(f)["full_id"]
                with open(os.path.join(root, "estimates.json")) as f:
                    estimates[full_id] = json.load(f)
        return wall, estimates
    finally:
        shutil.rmtree(home, ignore_errors=True)


LOCK_WAIT = "zenbench: waiting for another measurement to finish"


def run_zenbench(exe, quick, no_gate):
    """One zenbench run (compat or native) with --format json: (wall s,
    the result, a note). Exit code 1 (a benchmark failed) still has a
    result; its failed rows are reported by the caller. The note says what
    the wall time includes besides measuring: the seconds its resource gate
    held rounds back while other processes loaded the machine (--no-gate
    turns the gate off), and a wait for another zenbench run (zenbench
    measures one run at a time per machine)."""
    cmd = [exe, "--bench", "--format", "json"] + (ZENBENCH_QUICK if quick else []) \
        + (["--no-gate"] if no_gate else [])
    wall, proc = run_process(cmd)
    if proc.returncode not in (0, 1):
        fail(cmd, proc)
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        fail(cmd, proc)
    notes = []
    gate = sum((g.get("gate") or {}).get("waited_s", 0) for g in result["groups"])
    if gate >= 0.05:
        notes.append(f"incl. {gate:.1f} s of its resource gate's waits")
    if LOCK_WAIT in proc.stderr:
        notes.append("incl. a wait for another zenbench run")
    return wall, result, f" ({'; '.join(notes)})" if notes else ""


def zenbench_rows(result):
    """{full_name: benchmark row} of a zenbench result."""
    return {b["full_name"]: b for g in result["groups"] for b in g["benchmarks"]}


UNITS_NS = {"ps": 1e-3, "ns": 1.0, "µs": 1e3, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
BRANCH = re.compile(r"( *)[├╰]─ ")


def parse_divan(stdout):
    """divan's table: {path: {"fastest", "slowest", "median", "mean": ns,
    "samples", "iters": int}}, the path being the tree's names below the
    root (the crate) joined with `/`. A bench's second line (its counters'
    throughput) and parent nodes (no figures) are skipped."""
    rows, stack = {}, []
    for line in stdout.splitlines():
        branch = BRANCH.match(line.replace("│", " "))
        if not branch:
            continue  # the header, a counter line, the blank end
        depth = len(branch.group(1)) // 3  # each level is 3 characters wide
        cells = line[branch.end():].split("│")
        text = cells[0]
        name = re.split(r"\s{2,}", text.strip())[0] if text.strip() else ""
        del stack[depth:]
        stack.append(name)
        fastest = text.strip()[len(name):].strip()
        if not fastest:
            continue  # a parent: its children follow
        figures = [fastest] + [c.strip() for c in cells[1:]]
        try:
            times = [float(v) * UNITS_NS[u] for v, u in
                     (f.split() for f in figures[:4])]
        except (KeyError, ValueError):
            raise SystemExit(f"cannot read divan's line: {line!r}")
        rows["/".join(stack)] = dict(zip(["fastest", "slowest", "median", "mean"], times),
                                     samples=int(figures[4]), iters=int(figures[5]))
    return rows


def run_divan(exe, quick):
    """One divan run: (wall s, parse_divan of its table)."""
    cmd = [exe, "--bench"] + (DIVAN_QUICK if quick else [])
    wall, proc = run_process(cmd)
    if proc.returncode != 0:
        fail(cmd, proc)
    return wall, parse_divan(proc.stdout)


# ---- small helpers ----------------------------------------------------------


def median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def fmt_time(ns):
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1.0)):
        if abs(ns) >= scale or unit == "ns":
            return f"{ns / scale:.4g} {unit}"


def fmt_pct(x):
    return "-" if x is None else f"{x:+.2f}%"


def fmt_interval(lo, hi):
    return "" if lo is None or hi is None else f"[{lo:+.2f}%, {hi:+.2f}%]"


def table(header, rows):
    """Plain text columns: the first left-aligned, the others right."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = []
    for r in [header] + rows:
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(r, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# ---- pair: the +2% pair of suite.rs ------------------------------------------


def criterion_verdict(estimates, base, candidate):
    mean_b, mean_c = estimates[base]["mean"], estimates[candidate]["mean"]
    bl, bh = (mean_b["confidence_interval"][k] for k in ("lower_bound", "upper_bound"))
    cl, ch = (mean_c["confidence_interval"][k] for k in ("lower_bound", "upper_bound"))
    change = (mean_c["point_estimate"] / mean_b["point_estimate"] - 1) * 100
    return change, "slower" if cl > bh else "faster" if ch < bl else "overlap"


def mode_pair(args, exes):
    original, migrated = exes[("original", "suite")], exes[("migrated", "suite")]
    print(f"{'run':>3}  {'harness':<20} {'wall s':>7}  {'2% pair: change':>15}  verdict")
    rows = {"criterion": [], "zenbench-criterion": []}

    def criterion():
        wall, est = run_criterion(original, args.quick)
        return (wall,) + criterion_verdict(est, "pair/base", "pair/plus_2pct")

    def zenbench():
        wall, result, note = run_zenbench(migrated, args.quick, args.no_gate)
        pair = next(g for g in result["groups"] if g["name"] == "pair")
        comp = pair["comparisons"][0]
        return wall, comp["pct_change"], comp["verdict"] + note

    for i in range(args.runs):
        order = [("criterion", criterion), ("zenbench-criterion", zenbench)]
        if i % 2:
            order.reverse()
        for name, fn in order:
            wall, change, verdict = fn()
            rows[name].append((wall, change, verdict))
            print(f"{i + 1:>3}  {name:<20} {wall:>7.1f}  {change:>+14.2f}%  {verdict}",
                  flush=True)
    for name, r in rows.items():
        right = sum(v.startswith("slower") for _, _, v in r)
        print(f"{name}: median wall {median(w for w, _, _ in r):.1f} s; "
              f"called the +2% candidate slower in {right}/{len(r)} runs")
    crit = median(w for w, _, _ in rows["criterion"])
    zen = median(w for w, _, _ in rows["zenbench-criterion"])
    print(f"wall-time ratio zenbench-criterion / criterion (medians): {zen / crit:.2f}")


# ---- setup: setup_suite.rs, the change of each pair ---------------------------


def criterion_change(estimates, group, base, candidate):
    """criterion's change of candidate against base, %, from the two
    `mean` estimates, and its 95% interval combined from their CIs on the
    log scale (see the module doc); None where a benchmark is missing."""
    try:
        b = estimates[f"{group}/{base}"]["mean"]
        c = estimates[f"{group}/{candidate}"]["mean"]
    except KeyError:
        return None, None, None

    def log_half_width(m):
        ci = m["confidence_interval"]
        return (math.log(ci["upper_bound"]) - math.log(ci["lower_bound"])) / 2

    log_change = math.log(c["point_estimate"] / b["point_estimate"])
    half = math.hypot(log_half_width(b), log_half_width(c))
    pct = lambda x: (math.exp(x) - 1) * 100  # noqa: E731
    return pct(log_change), pct(log_change - half), pct(log_change + half)


def mode_setup(args, exes):
    original, migrated = exes[("original", "setup_suite")], exes[("migrated", "setup_suite")]
    print("setup_suite.rs under criterion 0.8.2 and zenbench-criterion, alternating"
          + (" (--quick: a check of the harness, not a measurement)" if args.quick else ""))
    print("criterion: change of the means, interval from their 95% CIs combined "
          "on the log scale; zenbench-criterion: paired pct_change, 95% CI, verdict\n")
    walls = {"criterion": [], "zenbench-criterion": []}
    per_pair = {}  # (group, baseline, candidate) -> [(crit, lo, hi, zen, zlo, zhi, verdict)]
    for i in range(args.runs):
        order = ["criterion", "zenbench-criterion"]
        if i % 2:
            order.reverse()
        for name in order:
            note = ""
            if name == "criterion":
                wall, estimates = run_criterion(original, args.quick)
            else:
                wall, result, note = run_zenbench(migrated, args.quick, args.no_gate)
            walls[name].append(wall)
            print(f"run {i + 1}  {name:<20} wall {wall:6.1f} s{note}", flush=True)
        failed = [n for n, b in zenbench_rows(result).items() if b.get("failed")]
        if failed:
            print(f"  zenbench-criterion: failed rows: {', '.join(failed)}")
        rows = []
        for g in result["groups"]:
            for comp in g["comparisons"]:
                key = (g["name"], comp["baseline"], comp["candidate"])
                crit = criterion_change(estimates, *key)
                zen = (comp["pct_change"], comp["ci_lower_pct"], comp["ci_upper_pct"])
                per_pair.setdefault(key, []).append(crit + zen + (comp["verdict"],))
                inside = "-" if crit[0] is None or None in zen[1:] else \
                    "yes" if zen[1] <= crit[0] <= zen[2] else "no"
                rows.append([f"{key[0]}: {key[2]} vs {key[1]}",
                             fmt_pct(crit[0]) + " " + fmt_interval(*crit[1:]),
                             fmt_pct(zen[0]) + " " + fmt_interval(*zen[1:]) + " " + comp["verdict"],
                             inside])
        missing = sorted(set(estimates) - {f"{g}/{n}" for g, b, c in per_pair for n in (b, c)})
        print(table(["  pair", "criterion", "zenbench-criterion", "criterion in zenbench CI"],
                    [["  " + r[0]] + r[1:] for r in rows]))
        if missing:
            print(f"  criterion benchmarks in no zenbench comparison: {', '.join(missing)}")
        print(flush=True)

    print(f"medians over {args.runs} run(s):")
    rows = []
    for (group, base, cand), runs in per_pair.items():
        inside = sum(1 for r in runs if None not in (r[0], r[4], r[5]) and r[4] <= r[0] <= r[5])
        rows.append([f"  {group}: {cand} vs {base}", fmt_pct(median(r[0] for r in runs)),
                     fmt_pct(median(r[3] for r in runs)),
                     f"{inside}/{len(runs)}",
                     " ".join(r[6] for r in runs)])
    print(table(["  pair", "criterion", "zenbench-criterion", "criterion in zenbench CI",
                 "zenbench verdicts"], rows))
    crit, zen = median(walls["criterion"]), median(walls["zenbench-criterion"])
    print(f"wall: criterion {crit:.1f} s, zenbench-criterion {zen:.1f} s (medians); "
          f"ratio zenbench-criterion / criterion {zen / crit:.2f}")


# ---- fidelity: per benchmark, the same statistic under each harness -----------


def mode_fidelity(args, exes):
    stat = args.stat
    print(f"fidelity: the {stat} time per iteration of each benchmark under its original "
          f"harness, its compat crate and as a native zenbench bench; each figure the "
          f"median of {args.runs} run(s)"
          + (" (--quick: a check of the harness, not a measurement)" if args.quick else "")
          + "\n")
    for suite in args.suites:
        kind = SUITES[suite]
        compat = f"zenbench-{kind}"
        names = {"original": kind, "migrated": compat, "native": "native zenbench"}
        figures = {p: [] for p in names}  # package -> [{name: ns}] per run
        walls = {p: [] for p in names}
        failed = set()
        aliases = NAME_MAP[(suite, kind)]
        packages = [p for p in names if (p, suite) in exes]
        for i in range(args.runs):
            order = packages[i % len(packages):] + packages[:i % len(packages)]
            for package in order:
                exe, note = exes[(package, suite)], ""
                if package == "original" and kind == "criterion":
                    wall, est = run_criterion(exe, args.quick)
                    got = {aliases.get(n, n): e[stat]["point_estimate"] for n, e in est.items()}
                elif package == "original":
                    wall, rows = run_divan(exe, args.quick)
                    got = {aliases.get(n, n): r[stat] for n, r in rows.items()}
                else:
                    wall, result, note = run_zenbench(exe, args.quick, args.no_gate)
                    got = {}
                    for n, b in zenbench_rows(result).items():
                        if b.get("failed"):
                            failed.add(f"{names[package]}: {n} ({b.get('error')})")
                        else:
                            got[n] = b["summary"][f"{stat}_ns"]
                figures[package].append(got)
                walls[package].append(wall)
                print(f"  {suite} run {i + 1}: {names[package]:<18} wall {wall:6.2f} s{note}",
                      flush=True)

        def value(package, name):
            return median(run.get(name) for run in figures[package])

        def seen(package):
            return {n for run in figures[package] for n in run}

        original, migrated, native = (seen(p) for p in names)
        # Source order, as zenbench reports it (criterion's files are read
        # in directory order); then what only the original harness has.
        runs = figures["migrated"] + figures["native"] + figures["original"]
        order = list(dict.fromkeys(n for run in runs for n in run))
        matched = [n for n in order if n in original and (n in migrated or n in native)]
        rows = []
        for n in matched:
            o, m, z = value("original", n), value("migrated", n), value("native", n)
            ratio = lambda x: "-" if x is None or not o else f"{x / o:.3f}"  # noqa: E731
            rows.append([n, fmt_time(o), fmt_time(m), fmt_time(z), ratio(m), ratio(z)])
        print(f"\n{suite}.rs ({stat})")
        print(table(["benchmark", names["original"], compat, "native", "compat/orig",
                     "native/orig"], rows))
        for package, others, what in (
                ("original", migrated | native, f"only under {kind}"),
                ("migrated", original, f"only under {compat}"),
                ("native", original, "only native")):
            alone = [n for n in order if n in seen(package) and n not in others]
            if alone:
                print(f"  unmatched, {what}: {', '.join(alone)}")
        missing_native = [n for n in matched if n not in native]
        if missing_native and packages.count("native"):
            print(f"  no native figure: {', '.join(missing_native)}")
        for f in sorted(failed):
            print(f"  failed: {f}")
        print("  wall (median): " + ", ".join(
            f"{names[p]} {median(walls[p]):.2f} s" for p in packages) + "\n", flush=True)


OVERHEAD_ARGS = ["--min-rounds", "2", "--max-rounds", "2", "--no-gate"]
OVERHEAD_GROUPS = 32


def mode_overhead(args, exes):
    """overhead_suite.rs (32 groups of four trivial rows) under
    zenbench-criterion and as native Suite-API benches, alternating: the
    wall time of a smoke run (`--test`) and of a two-round run, and the
    difference per group, which is what zenbench-criterion adds."""
    migrated = exes[("migrated", "overhead_suite")]
    native = exes[("native", "overhead_suite")]
    walls = {(who, how): [] for who in ("migrated", "native") for how in ("test", "bench")}
    for i in range(args.runs):
        order = [("migrated", migrated), ("native", native)]
        if i % 2:
            order.reverse()
        for how, extra in (("test", ["--test"]), ("bench", ["--bench"] + OVERHEAD_ARGS)):
            for who, exe in order:
                cmd = [exe] + extra + ["--format", "json"]
                wall, proc = run_process(cmd)
                if proc.returncode != 0:
                    fail(cmd, proc)
                walls[(who, how)].append(wall)
    rows = []
    for how in ("test", "bench"):
        m, n = median(walls[("migrated", how)]), median(walls[("native", how)])
        rows.append([how, f"{m:.3f} s", f"{n:.3f} s",
                     f"{(m - n) / OVERHEAD_GROUPS * 1e3:+.1f} ms"])
    print(f"overhead_suite.rs, {OVERHEAD_GROUPS} groups x 4 rows, median of {args.runs} runs each")
    print(table(["run", "zenbench-criterion", "native", "per group"], rows))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", nargs="?", default="pair", choices=["pair", "setup", "fidelity", "overhead"])
    p.add_argument("--runs", type=int, default=3, help="runs of each harness (default 3)")
    p.add_argument("--quick", action="store_true",
                   help="shorten every run: a check of the harness, not a measurement")
    p.add_argument("--no-gate", action="store_true",
                   help="pass --no-gate to zenbench (its resource gate waits while "
                        "other processes load the machine; the peers have none)")
    p.add_argument("--stat", choices=["median", "mean"], default="median",
                   help="fidelity: the statistic compared (default median)")
    p.add_argument("--suites", default=",".join(SUITES),
                   help=f"fidelity: the suites, comma-separated (default {','.join(SUITES)})")
    args = p.parse_args()
    args.suites = [s for s in args.suites.split(",") if s]
    for s in args.suites:
        if s not in SUITES:
            p.error(f"unknown suite `{s}`: one of {', '.join(SUITES)}")
    if args.runs < 1:
        p.error("--runs takes a whole number >= 1")
    exes = executables()
    {"pair": mode_pair, "setup": mode_setup, "fidelity": mode_fidelity,
     "overhead": mode_overhead}[args.mode](args, exes)


if __name__ == "__main__":
    sys.exit(main())
