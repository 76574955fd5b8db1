#!/usr/bin/env python3
"""zenbench self-compare against tango-bench: how often each finds a small
change between two builds, how often it flags two identical builds, how close
its estimate comes to the truth, and how long a run takes.

    python3 run.py --quick      # 2 runs per cell, 0.3 s budgets: does it work?
    python3 run.py              # 20 runs per cell, budgets 1 s and 2 s

Python 3 (standard library only). See README.md for what is measured and how
each tool's answer is read. In short:

- The workload (this folder's `chain` crate) is a dependent chain of N steps,
  about 2 us at N = 2000. Builds differ only in N (`chain/src/n.rs`): the base
  N0, N0 * 1.01, N0 * 1.02, and an unchanged build (0%, A/A).
- Set-up (once per invocation, under --workdir): a git repository with the
  base committed (tag `base`), and one clone of it per change with N changed
  in the working tree (uncommitted), so that no run ever rebuilds.
- zenbench: `zenbench self-compare --ref base --bench zb --max-time B --json`
  in the clone (alternating, and again with `--duet`). Found: the whole 95%
  CI above 0; flagged (A/A): the CI excludes 0.
- tango: the clone's build of the `tg` bench run as `tg-new compare tg-base
  -t B -d DUMP`. Found / flagged: its `*` significance marker (found also
  needs a positive change). tango prints no interval; the 95% interval its
  z-test implies is computed from the raw samples it dumps (-d), labelled
  "derived".
- Truth: `truth N0 N1` (chain/src/bin/truth.rs), one process, both N,
  alternating short blocks, median over repeats.

Every (mode, budget, change) cell is run --runs times, all runs of all cells
in one shuffled (seeded) order, one at a time. Raw rows go to a JSON-lines
file (--out); the table and the goals are printed at the end.
"""

import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the zenbench repository
TEMPLATE = ["Cargo.toml", "Cargo.lock", "chain", "zb", "tg"]
ZENBENCH_PATH_LINE = 'zenbench = { path = "../../../zenbench" }'
MODES = {
    # name: (tool, extra arguments)
    "zenbench": ("zenbench", []),
    "zenbench-duet": ("zenbench", ["--duet"]),
    # Alternating with a pair that stops once its CI clears +-0.5%: what a
    # narrower band buys a change of 1% (at the default band's edge).
    "zenbench-t0.5": ("zenbench", ["--noise-threshold", "0.005"]),
    "tango": ("tango", []),
    "tango-o": ("tango", ["-o"]),
}
DEFAULT_MODES = ["zenbench", "zenbench-duet", "tango"]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "sbs-tango",
    "GIT_AUTHOR_EMAIL": "sbs-tango@example.invalid",
    "GIT_COMMITTER_NAME": "sbs-tango",
    "GIT_COMMITTER_EMAIL": "sbs-tango@example.invalid",
    # Fixed dates: the base commit has the same id in every invocation.
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# tango's default report line: `chain   [ 2.2 us ... 2.3 us ]    +1.02%*`
TANGO_LINE = re.compile(
    r"^(?P<name>\S+)\s+\[\s*(?P<old>\S+ \S+)\s+\.\.\.\s+(?P<new>\S+ \S+)\s*\]"
    r"\s+(?P<pct>[-+]?(?:\d+(?:\.\d*)?|inf|NaN))%(?P<sig>\*?)\s*$"
)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, cwd=None, env=None, check=True):
    """Runs a command, its output captured; exits on failure when `check`."""
    p = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True
    )
    if check and p.returncode != 0:
        log(f"failed ({p.returncode}): {' '.join(map(str, cmd))} in {cwd}")
        log(p.stdout[-3000:])
        log(p.stderr[-3000:])
        sys.exit(2)
    return p


def cargo_build(args, cwd, target_dir, want):
    """`cargo ARGS --message-format=json`; the executable of target `want`."""
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    p = run(["cargo", *args, "--message-format=json-render-diagnostics"], cwd, env)
    for line in p.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if (
            msg.get("reason") == "compiler-artifact"
            and msg.get("target", {}).get("name") == want
            and msg.get("executable")
        ):
            return Path(msg["executable"])
    log(f"cargo {' '.join(args)} built no executable `{want}`")
    sys.exit(2)


def n_of(n0, change):
    return round(n0 * (100 + change) / 100)


def write_n(repo, n):
    (repo / "chain/src/n.rs").write_text(
        "// The chain length of this build. run.py rewrites this one line (and nothing\n"
        "// else) to make the builds it compares: N0, N0 * 1.01, N0 * 1.02.\n"
        f"pub const N: u64 = {n};\n"
    )


def touch_sources(repo):
    """Marks every file of `repo` as just changed. Builds of different
    repositories share one target folder (tango) or not (zenbench), but cargo
    judges freshness by modification times of paths relative to the
    workspace, so a build must be newer than anything built before it in the
    same target folder, or cargo would call another repository's build
    fresh."""
    now = time.time()
    for path in repo.rglob("*"):
        if ".git" not in path.parts and path.is_file():
            os.utime(path, (now, now))


def git(repo, *args):
    return run(["git", "-C", repo, *args], env=dict(os.environ, **GIT_ENV)).stdout.strip()


def make_repos(work, n0, changes):
    """The base repository and one clone per change; returns their paths."""
    repos = work / "repos"
    shutil.rmtree(repos, ignore_errors=True)
    base = repos / "base"
    base.mkdir(parents=True)
    for name in TEMPLATE:
        src = HERE / name
        if src.is_dir():
            shutil.copytree(src, base / name, ignore=shutil.ignore_patterns("target"),
                            copy_function=shutil.copy)
        else:
            shutil.copy(src, base / name)
    toml = base / "zb/Cargo.toml"
    text = toml.read_text()
    assert ZENBENCH_PATH_LINE in text, f"{toml}: the zenbench path line changed"
    toml.write_text(
        text.replace(ZENBENCH_PATH_LINE, f'zenbench = {{ path = "{ROOT / "zenbench"}" }}')
    )
    (base / ".gitignore").write_text("/target\n")
    write_n(base, n0)
    git(base, "init", "-q", "-b", "main")
    git(base, "add", "-A")
    git(base, "-c", "commit.gpgsign=false", "commit", "-q", "-m", f"base: N = {n0}")
    git(base, "tag", "base")
    clones = {}
    for c in changes:
        clone = repos / f"c{c}"
        run(["git", "clone", "-q", base, clone])
        if c:
            write_n(clone, n_of(n0, c))
        clones[c] = clone
    return base, clones


def zenbench_env(work, change):
    """The environment of a self-compare in the clone of `change`: its cache
    (the base's worktree and target folder, in the temporary folder) under the
    work folder, the clone's build in a target folder of its own (one shared
    by the clones would hold one `zb` executable for all of them), and the
    machine-wide measurement lock where any other zenbench run on this machine
    takes it."""
    lock = os.environ.get("ZENBENCH_LOCK_PATH") or str(
        Path(os.environ.get("TMPDIR") or "/tmp") / "zenbench-measure.lock"
    )
    (work / "tmp").mkdir(parents=True, exist_ok=True)
    return dict(
        os.environ,
        TMPDIR=str(work / "tmp"),
        CARGO_TARGET_DIR=str(work / f"target-zb-c{change}"),
        ZENBENCH_LOCK_PATH=lock,
    )


def zenbench_old_build(work, clone):
    """The `zb` executable self-compare built at the base for `clone`, or None."""
    for cache in (work / "tmp").glob("zenbench-self-compare-*"):
        try:
            gitdir = (cache / "tree/.git").read_text()
        except OSError:
            continue
        if str(clone / ".git") + "/" in gitdir:
            exes = [p for p in (cache / "target/release/deps").glob("zb-*")
                    if p.suffix != ".d" and os.access(p, os.X_OK)]
            if len(exes) == 1:
                return exes[0]
    return None


def zenbench_run(tool, clone, env, budget, extra):
    cmd = [tool, "self-compare", "--ref", "base", "--bench", "zb",
           "--max-time", f"{budget:g}", "--json", *extra]
    t0 = time.monotonic()
    proc = subprocess.Popen([str(c) for c in cmd], cwd=clone, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = []
    reader = threading.Thread(target=lambda: stdout.append(proc.stdout.read()))
    reader.start()
    # self-compare names the benchmark on stderr just before measuring it:
    # after both cargo checks, the machine lock and starting the workers.
    stderr, measuring_from = [], None
    for line in proc.stderr:
        stderr.append(line)
        if (measuring_from is None and line.startswith("self-compare: ")
                and not line.startswith("self-compare: building")):
            measuring_from = time.monotonic()
    proc.wait()
    reader.join()
    end = time.monotonic()
    out, err = "".join(stdout), "".join(stderr)
    row = {"wall_s": end - t0, "exit_code": proc.returncode,
           "waited_for_lock": "waiting for another measurement" in err}
    if measuring_from is not None:
        row["before_measuring_s"] = measuring_from - t0
        row["measuring_s"] = end - measuring_from
    try:
        result = json.loads(out)
        # A full result with its `against` block (the bare block before).
        entry = result.get("against", result)["entries"][0]
        if entry["pct_change"] is None:
            raise TypeError("no change")
        row.update(
            estimate_pct=entry["pct_change"],
            ci_lower_pct=entry["ci_lower_pct"],
            ci_upper_pct=entry["ci_upper_pct"],
            ci_kind="zenbench paired 95% CI",
            verdict=entry["verdict"],
            old_mean_ns=entry["old_mean_ns"],
            new_mean_ns=entry["new_mean_ns"],
        )
        # How the pair was measured: for the study of per-sample costs.
        group = (result.get("groups") or [{}])[0]
        row.update(
            rounds=group.get("rounds"),
            iterations_per_sample=group.get("iterations_per_sample"),
            stop_reason=group.get("stop_reason"),
            group_wall_s=group.get("wall_time_s"),
            duet_cpus=(result.get("self_compare") or {}).get("duet_cpus"),
        )
    except (ValueError, KeyError, IndexError, TypeError):
        row["error"] = f"unreadable output: {out[-500:]!r} {err[-1000:]!r}"
    return row


def tango_interval(csv_path):
    """The 95% interval of the change that tango's z-test implies, from its
    raw samples (`-d`): per sample, (candidate - baseline) / iterations; the
    mean over the baseline's mean per iteration, +- 1.96 standard errors.
    Also tango's own figure recomputed (`pct`) and its z-score."""
    base, diff = [], []
    for line in csv_path.read_text().splitlines():
        a, b, iters = (float(x) for x in line.split(","))
        base.append(a / iters)
        diff.append((b - a) / iters)
    if len(diff) < 2:
        return None
    mean_b = statistics.fmean(base)
    mean_d = statistics.fmean(diff)
    se = statistics.stdev(diff) / math.sqrt(len(diff))
    return {
        "pct": mean_d / mean_b * 100,
        "lower": (mean_d - 1.96 * se) / mean_b * 100,
        "upper": (mean_d + 1.96 * se) / mean_b * 100,
        "z": mean_d / se if se > 0 else math.inf,
        "samples": len(diff),
    }


def tango_run(new_bin, old_bin, dump, budget, extra):
    shutil.rmtree(dump, ignore_errors=True)
    dump.mkdir(parents=True)
    cmd = [new_bin, "--color", "never", "compare", old_bin,
           "-t", f"{budget:g}", "-d", dump, *extra]
    t0 = time.monotonic()
    p = run(cmd, dump, dict(os.environ, PWD=str(dump)), check=False)
    wall = time.monotonic() - t0
    row = {"wall_s": wall, "exit_code": p.returncode}
    lines = [ANSI.sub("", line) for line in p.stdout.splitlines()]
    match = next((m for m in map(TANGO_LINE.match, lines) if m and m["name"] == "chain"), None)
    if p.returncode != 0 or match is None:
        row["error"] = f"unreadable output: {p.stdout[-500:]!r} {p.stderr[-1000:]!r}"
        return row
    row.update(
        estimate_pct=float(match["pct"]),
        significant=match["sig"] == "*",
        tango_old=match["old"],
        tango_new=match["new"],
    )
    csv = dump / "chain.csv"
    derived = tango_interval(csv) if csv.exists() and not extra else None
    if derived:
        row.update(
            ci_lower_pct=derived["lower"],
            ci_upper_pct=derived["upper"],
            ci_kind="derived: tango's z-test, 95%",
            tango_z=derived["z"],
            tango_samples=derived["samples"],
            tango_pct_recomputed=derived["pct"],
        )
    shutil.rmtree(dump, ignore_errors=True)
    return row


def judge(row, change):
    """found (a real change detected, right direction), wrong (detected the
    wrong way), flagged (an A/A called a change), covers (the interval holds
    the truth)."""
    lo, hi = row.get("ci_lower_pct"), row.get("ci_upper_pct")
    if row["tool"] == "zenbench":
        up = lo is not None and lo > 0
        down = hi is not None and hi < 0
    else:
        up = row["significant"] and row["estimate_pct"] > 0
        down = row["significant"] and row["estimate_pct"] < 0
    row["found"] = bool(change and up)
    row["wrong_way"] = bool(change and down)
    row["flagged"] = bool(not change and (up or down))
    if lo is not None and hi is not None:
        row["covers_truth"] = lo <= row["truth_pct"] <= hi
        row["derived_excludes_0"] = not lo <= 0 <= hi
    row["abs_error_pp"] = abs(row["estimate_pct"] - row["truth_pct"])


def tango_version():
    """tango-bench's version in this workspace's Cargo.lock."""
    m = re.search(r'name = "tango-bench"\nversion = "([^"]+)"', (HERE / "Cargo.lock").read_text())
    return m[1] if m else "unknown"


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def summarise(rows, modes, budgets, changes, runs, truth):
    print()
    print("Per cell: runs in which the change was found (or, for 0%, the identical")
    print("builds were flagged), median |estimate - truth| in percentage points, how")
    print("often the interval held the truth (tango: derived from its samples), and")
    print("the median and largest wall time of a run, and for zenbench the median time")
    print("from naming the benchmark to the end (wall time less its cargo checks,")
    print("any wait for the machine lock, and starting the two workers).")
    print()
    head = (f"{'mode':<14} {'budget':>6} {'change':>6} {'truth':>7}   {'result':<24}"
            f"{'|err| pp':>9} {'covers':>8} {'med wall':>9} {'max wall':>9} {'measuring':>10}")
    print(head)
    print("-" * len(head))
    cells = {}
    for mode in modes:
        for b in budgets:
            for c in changes:
                rs = [r for r in rows if (r["mode"], r["budget_s"], r["change_pct"]) == (mode, b, c)]
                ok = [r for r in rs if "error" not in r]
                cells[mode, b, c] = ok
                n = len(ok)
                if c:
                    hits = sum(r["found"] for r in ok)
                    wrong = sum(r["wrong_way"] for r in ok)
                    result = f"found {hits}/{n}" + (f" ({wrong} wrong way)" if wrong else "")
                else:
                    result = f"flagged {sum(r['flagged'] for r in ok)}/{n}"
                if len(ok) < len(rs):
                    result += f" ({len(rs) - len(ok)} failed)"
                with_ci = [r for r in ok if "covers_truth" in r]
                covers = f"{sum(r['covers_truth'] for r in with_ci)}/{len(with_ci)}" if with_ci else "n/a"
                walls = [r["wall_s"] for r in ok]
                meas = [r["measuring_s"] for r in ok if "measuring_s" in r]
                meas = f"{median(meas):>9.2f}s" if meas else f"{'':>10}"
                print(f"{mode:<14} {b:>5g}s {c:>+5d}% {truth[c]:>+6.2f}%   {result:<24}"
                      f"{median([r['abs_error_pp'] for r in ok]):>9.3f} {covers:>8}"
                      f"{median(walls):>8.2f}s {max(walls, default=float('nan')):>8.2f}s {meas}")
    need_found = math.ceil(0.95 * runs)
    max_flagged = math.floor(0.10 * runs)
    print()
    print(f"Goals (scaled to {runs} runs per cell): (1) a +1% change found in at least "
          f"{need_found}/{runs} runs that each took at most 1 s of wall time; (2) identical "
          f"builds flagged in at most {max_flagged}/{runs}.")
    for mode in modes:
        for b in budgets:
            parts = []
            if 1 in changes:
                ok = cells[mode, b, 1]
                quick = sum(r["found"] and r["wall_s"] <= 1.0 for r in ok)
                found = sum(r["found"] for r in ok)
                parts.append(f"(1) {'met' if quick >= need_found else 'NOT met'}: "
                             f"found {found}/{len(ok)}, {quick} of them within 1 s")
            if 0 in changes:
                ok = cells[mode, b, 0]
                flagged = sum(r["flagged"] for r in ok)
                parts.append(f"(2) {'met' if flagged <= max_flagged else 'NOT met'}: "
                             f"flagged {flagged}/{len(ok)}")
            print(f"  {mode:<14} {b:>4g} s  " + " · ".join(parts))
    waited = sum(r.get("waited_for_lock", False) for r in rows)
    if waited:
        print(f"note: {waited} zenbench runs waited for another zenbench measurement on "
              "this machine (their wall time includes the wait)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=None, help="runs per cell (default 20; 2 with --quick)")
    ap.add_argument("--budgets", default=None,
                    help="comma-separated seconds: zenbench --max-time, tango -t (default 1,2; 0.3 with --quick)")
    ap.add_argument("--changes", default="0,1,2", help="percent more work in the new build (default 0,1,2)")
    ap.add_argument("--modes", default=",".join(DEFAULT_MODES),
                    help=f"of {', '.join(MODES)} (default {','.join(DEFAULT_MODES)})")
    ap.add_argument("--n0", type=int, default=2000, help="the base chain length (default 2000, about 2 us)")
    ap.add_argument("--seed", type=int, default=1, help="the seed of the run order (default 1)")
    ap.add_argument("--quick", action="store_true", help="check that everything works: 2 runs, 0.3 s budgets")
    ap.add_argument("--truth-repeats", type=int, default=None, help="repeats of the truth (default 9; 3 with --quick)")
    ap.add_argument("--workdir", type=Path, default=HERE / "target" / "sbs-tango",
                    help="where the repositories, builds and rows go (default target/sbs-tango here)")
    ap.add_argument("--out", type=Path, default=None, help="the raw rows, JSON lines (default WORKDIR/rows-TIME.jsonl)")
    ap.add_argument("--zenbench", type=Path, default=None,
                    help="the zenbench tool (default: built from this repository, --features cli)")
    args = ap.parse_args()

    runs = args.runs or (2 if args.quick else 20)
    budgets = [float(b) for b in (args.budgets or ("0.3" if args.quick else "1,2")).split(",")]
    changes = [int(c) for c in args.changes.split(",")]
    modes = args.modes.split(",")
    for m in modes:
        if m not in MODES:
            ap.error(f"unknown mode `{m}`: expected one of {', '.join(MODES)}")
    truth_repeats = args.truth_repeats or (3 if args.quick else 9)
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    out = args.out or work / f"rows-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
    start = time.monotonic()

    # The tools and the builds.
    if args.zenbench:
        tool = args.zenbench.resolve()
    else:
        log("building the zenbench tool ...")
        tool = cargo_build(["build", "--release", "-p", "zenbench", "--features", "cli",
                            "--bin", "zenbench"], ROOT, os.environ.get("CARGO_TARGET_DIR", ROOT / "target"),
                           "zenbench")
    log(f"setting up the repositories in {work / 'repos'} ...")
    base, clones = make_repos(work, args.n0, changes)
    sha = git(base, "rev-parse", "base")
    bins = work / "bins"
    bins.mkdir(exist_ok=True)
    tg_target = work / "target-tg"
    log("building the tango benches and the truth ...")
    tg = {}
    if any(MODES[m][0] == "tango" for m in modes):
        touch_sources(base)
        exe = cargo_build(["bench", "--no-run", "--bench", "tg"], base, tg_target, "tg")
        shutil.copy2(exe, bins / "tg-base")
        for c, clone in clones.items():
            touch_sources(clone)
            exe = cargo_build(["bench", "--no-run", "--bench", "tg"], clone, tg_target, "tg")
            # No dot in the name: tango writes its patched copy of the old
            # build beside it as `<name>.patched` (Path::with_extension).
            shutil.copy2(exe, bins / f"tg-c{c}")
            tg[c] = bins / f"tg-c{c}"
        for c in clones:
            same = (bins / f"tg-c{c}").read_bytes() == (bins / "tg-base").read_bytes()
            if same != (c == 0):
                log(f"the tango build of +{c}% is {'identical to' if same else 'not'} the base's: stale build?")
                sys.exit(2)
    touch_sources(base)
    truth_exe = cargo_build(["build", "--release", "-p", "chain", "--bin", "truth"], base, tg_target, "truth")
    shutil.copy2(truth_exe, bins / "truth")
    zenv = {c: zenbench_env(work, c) for c in changes}
    identical = {}
    cargo_noop = []
    if any(MODES[m][0] == "zenbench" for m in modes):
        log("building both sides of every self-compare (a first run, not counted) ...")
        for c, clone in clones.items():
            row = zenbench_run(tool, clone, zenv[c], 0.1, [])
            if "error" in row:
                log(f"self-compare in {clone} failed: {row['error']}")
                sys.exit(2)

        # Informational: whether each pair of builds is byte-identical. The
        # old build is found through self-compare's cache layout
        # (TMPDIR/zenbench-self-compare-*/{tree,target}), which may change.
        for c, clone in clones.items():
            t0 = time.monotonic()
            new_exe = cargo_build(["bench", "--no-run", "--bench", "zb"], clone,
                                  zenv[c]["CARGO_TARGET_DIR"], "zb")
            cargo_noop.append(time.monotonic() - t0)
            old_exe = zenbench_old_build(work, clone)
            same = "unknown" if old_exe is None else (
                "yes" if old_exe.read_bytes() == new_exe.read_bytes() else "no")
            identical[f"zenbench +{c}%"] = same
    for c in clones:
        if c in tg:
            identical[f"tango +{c}%"] = "yes" if tg[c].read_bytes() == (bins / "tg-base").read_bytes() else "no"

    # The truth.
    truth = {0: 0.0}
    truth_detail = {}
    for c in changes:
        p = run([bins / "truth", args.n0, n_of(args.n0, c), "--repeats", truth_repeats])
        m = re.search(r"truth_pct=(\S+) repeats=(\S+)", p.stdout)
        if c:
            truth[c] = float(m[1])
        truth_detail[c] = p.stdout.strip()
    print(f"zenbench tool: {tool}; base commit {sha[:12]}; N0 = {args.n0}; "
          f"seed {args.seed}; {runs} runs per cell; budgets {budgets} s; modes {modes}")
    print("truth (one process, both N, alternating blocks; median of "
          f"{truth_repeats} repeats, each repeat's figure after it):")
    for c in changes:
        label = "A/A: 0 by construction; the method on N0 vs N0 gives" if not c else f"+{c}% (N = {n_of(args.n0, c)}):"
        print(f"  {label} {truth_detail[c]}")
    print("byte-identical builds (old, new): " +
          ", ".join(f"{k} {v}" for k, v in identical.items()))
    if cargo_noop:
        print(f"a no-op `cargo bench --no-run` takes {median(cargo_noop):.2f} s here; every "
              "self-compare run does two (the base's build, the working tree's), and its wall "
              "time includes them")
    meta = {"zenbench_tool": str(tool), "base_commit": sha, "n0": args.n0,
            "n_new": {c: n_of(args.n0, c) for c in changes}, "seed": args.seed,
            "runs": runs, "budgets_s": budgets, "modes": modes, "truth_pct": truth,
            "truth_output": truth_detail, "byte_identical": identical,
            "cargo_noop_s": cargo_noop,
            "rustc": run(["rustc", "--version"]).stdout.strip(),
            "tango_bench": tango_version(), "cpus": os.cpu_count()}
    out.with_suffix(".meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    setup_s = time.monotonic() - start

    # The runs, in one shuffled order.
    tasks = [(m, b, c, i) for m in modes for b in budgets for c in changes for i in range(runs)]
    random.Random(args.seed).shuffle(tasks)
    rows = []
    log(f"{len(tasks)} runs; rows to {out}")
    with open(out, "w") as f:
        for k, (mode, b, c, i) in enumerate(tasks):
            what, extra = MODES[mode]
            if what == "zenbench":
                row = zenbench_run(tool, clones[c], zenv[c], b, extra)
            else:
                row = tango_run(tg[c], bins / "tg-base", work / "dump", b, extra)
            row = {"mode": mode, "tool": what, "budget_s": b, "change_pct": c,
                   "n_old": args.n0, "n_new": n_of(args.n0, c), "run": i, "order": k,
                   "truth_pct": truth[c], "loadavg_1m": os.getloadavg()[0], **row}
            if "error" not in row:
                judge(row, c)
            rows.append(row)
            f.write(json.dumps(row) + "\n")
            f.flush()
            if "error" in row:
                log(f"[{k + 1}/{len(tasks)}] {mode} {b:g}s {c:+d}%: FAILED {row['error']}")
            else:
                ci = (f"[{row['ci_lower_pct']:+.2f}%, {row['ci_upper_pct']:+.2f}%]"
                      if "ci_lower_pct" in row else "")
                sig = " *" if row.get("significant") else ""
                log(f"[{k + 1}/{len(tasks)}] {mode} {b:g}s {c:+d}%: {row['estimate_pct']:+.2f}%{sig} "
                    f"{ci} {row['wall_s']:.2f} s")
    summarise(rows, modes, budgets, changes, runs, truth)
    total = time.monotonic() - start
    print(f"\nset-up {setup_s:.0f} s, runs {total - setup_s:.0f} s, total {total:.0f} s; "
          f"rows in {out}, set-up and truth in {out.with_suffix('.meta.json')}")


if __name__ == "__main__":
    main()
