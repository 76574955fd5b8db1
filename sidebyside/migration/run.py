#!/usr/bin/env python3
"""One criterion suite (suite.rs) run with criterion itself and with
zenbench-criterion, alternating, on the same machine: the wall time of each
run and the verdict each gives for the pair whose candidate does 2% more
work (pair/base vs pair/plus_2pct).

criterion reports each benchmark alone, with a 95% CI of its mean; its
verdict on the pair is read off those: "slower" when the candidate's CI lies
wholly above the base's, "faster" when below, else "overlap". zenbench
reports the paired comparison and its verdict itself.

    python3 run.py [--runs N]     (from sidebyside/migration)
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def executables():
    out = subprocess.run(
        ["cargo", "bench", "--no-run", "--message-format=json"],
        cwd=HERE, check=True, capture_output=True, text=True).stdout
    exes = {}
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
                and msg["target"]["name"] == "suite":
            exes[msg["package_id"].split("#")[0].rsplit("/", 1)[-1]] = msg["executable"]
    return exes["original"], exes["migrated"]


def run_criterion(exe):
    start = time.monotonic()
    subprocess.run([exe, "--bench", "--noplot"], cwd=HERE, check=True,
                   capture_output=True)
    wall = time.monotonic() - start
    est = {}
    for bench in ("base", "plus_2pct"):
        path = os.path.join(HERE, "target", "criterion", "pair", bench, "new",
                            "estimates.json")
        with open(path) as f:
            mean = json.load(f)["mean"]
        ci = mean["confidence_interval"]
        est[bench] = (mean["point_estimate"], ci["lower_bound"], ci["upper_bound"])
    (b, bl, bh), (c, cl, ch) = est["base"], est["plus_2pct"]
    verdict = "slower" if cl > bh else "faster" if ch < bl else "overlap"
    return wall, (c / b - 1) * 100, verdict


def run_zenbench(exe):
    start = time.monotonic()
    out = subprocess.run([exe, "--bench", "--format", "json"], cwd=HERE,
                         check=True, capture_output=True, text=True).stdout
    wall = time.monotonic() - start
    pair = next(g for g in json.loads(out)["groups"] if g["name"] == "pair")
    comp = pair["comparisons"][0]
    return wall, comp["pct_change"], comp["verdict"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    original, migrated = executables()
    print(f"{'run':>3}  {'harness':<20} {'wall s':>7}  {'2% pair: change':>15}  verdict")
    rows = {"criterion": [], "zenbench-criterion": []}
    for i in range(args.runs):
        order = [("criterion", run_criterion, original),
                 ("zenbench-criterion", run_zenbench, migrated)]
        if i % 2:
            order.reverse()
        for name, fn, exe in order:
            wall, change, verdict = fn(exe)
            rows[name].append((wall, change, verdict))
            print(f"{i + 1:>3}  {name:<20} {wall:>7.1f}  {change:>+14.2f}%  {verdict}",
                  flush=True)
    for name, r in rows.items():
        walls = sorted(w for w, _, _ in r)
        right = sum(v == "slower" for _, _, v in r)
        print(f"{name}: median wall {walls[len(walls) // 2]:.1f} s; "
              f"called the +2% candidate slower in {right}/{len(r)} runs")
    crit = sorted(w for w, _, _ in rows["criterion"])
    zen = sorted(w for w, _, _ in rows["zenbench-criterion"])
    print(f"wall-time ratio zenbench-criterion / criterion (medians): "
          f"{zen[len(zen) // 2] / crit[len(crit) // 2]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
