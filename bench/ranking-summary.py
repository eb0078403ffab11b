#!/usr/bin/env python3
"""Summarises ranking runs (bench/ranking-experiments.sh CSVs): per method and Newton curvature, the
plain and Newton exact-match means ± sd over seeds, their difference and a two-sided Welch t-test."""
import argparse, csv, statistics

ap = argparse.ArgumentParser()
ap.add_argument("csv", nargs="+", help="rows written by bench/ranking-experiments.sh (several files are pooled)")
ap.add_argument("--n", default="5")
ap.add_argument("--steps", default="?")
ap.add_argument("--backend", default="?")
args = ap.parse_args()
rows = [r for f in args.csv for r in csv.DictReader(open(f)) if r["exact_match"]]
n, steps, backend = args.n, args.steps, args.backend
from lib.stats import HAVE_SCIPY, welch_p, paired_p as paired_diff_p, sd
def paired_p(base, newt):   # over the seeds both arms ran (same init and batches)
    a = {r["seed"]: float(r["exact_match"]) for r in base}
    return paired_diff_p([float(r["exact_match"]) - a[r["seed"]] for r in newt if r["seed"] in a])
print(f"\nn = {n}, {steps} steps, backend {backend}" + ("" if HAVE_SCIPY else " (no SciPy: p from the normal tail, too small for few seeds)"))
print("| method | Newton loss | plain exact match | Newton exact match | Δ | p (Welch) | p (paired by seed) | element-wise plain → Newton | seeds (plain / Newton) |")
print("|---|---|---|---|---|---|---|---|---|")
# a Newton arm is a curvature, a λ and a scope (older CSVs have no λ column; those without a scope
# column ran at batch scope)
arm = lambda r: (r["newton"], r.get("lambda", ""), r.get("scope", "batch"))
for m in dict.fromkeys(r["method"] for r in rows):
    base = [r for r in rows if r["method"] == m and r["newton"] == "none"]
    for kind in dict.fromkeys(arm(r) for r in rows if r["newton"] != "none"):
        newt = [r for r in rows if r["method"] == m and arm(r) == kind]
        if not base or not newt: continue
        plain = [float(r["exact_match"]) for r in base]
        nw = [float(r["exact_match"]) for r in newt]
        ewp = statistics.mean(float(r["elementwise"]) for r in base)
        ewn = statistics.mean(float(r["elementwise"]) for r in newt)
        print(f"| {m} | {kind[0]}{' λ=' + kind[1] if kind[1] else ''}{' per sample' if kind[2] == 'sample' else ''} | {statistics.mean(plain):.1f} ± {sd(plain):.1f} | {statistics.mean(nw):.1f} ± {sd(nw):.1f} "
              f"| {statistics.mean(nw) - statistics.mean(plain):+.1f} | {welch_p(plain, nw):.3f} | {paired_p(base, newt):.3f} | {ewp:.1f} → {ewn:.1f} | {len(plain)} / {len(nw)} |")
