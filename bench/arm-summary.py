#!/usr/bin/env python3
"""Summarises bench/train-experiments.sh CSVs: per arm and final metric, the mean ± sd over seeds,
the difference to the baseline arm (the first in the file unless --baseline) and two-sided Welch
and paired-by-seed t-tests (same seed: same initialisation and minibatches)."""
import argparse, csv, statistics
from lib.stats import HAVE_SCIPY, welch_p, paired_p, sd

ap = argparse.ArgumentParser()
ap.add_argument("csv", nargs="+", help="rows written by bench/train-experiments.sh (several files are pooled)")
ap.add_argument("--baseline", help="arm the others are compared with (default: the first arm)")
ap.add_argument("--title", default="")
ap.add_argument("--percent", nargs="*", default=None,
                help="metrics shown in percent (default: those whose name holds accuracy, match or exact)")
args = ap.parse_args()
rows = [r for f in args.csv for r in csv.DictReader(open(f))]
if not rows: raise SystemExit("arm-summary: no rows in " + ", ".join(args.csv))
arms = list(dict.fromkeys(r["arm"] for r in rows))
base = args.baseline or arms[0]
if base not in arms: raise SystemExit(f"arm-summary: no arm '{base}' (arms: {', '.join(arms)})")
arms = [base] + [a for a in arms if a != base]
metrics = [c for c in rows[0] if c not in ("arm", "seed", "steps", "seconds")]
percent = set(args.percent) if args.percent is not None else {m for m in metrics if any(w in m for w in ("accuracy", "match", "exact"))}
scale = lambda m: 100.0 if m in percent else 1.0
fmt = lambda m, v: f"{v:.1f}" if m in percent else f"{v:.4g}"
spread = lambda m, v: fmt(m, sd(v)) if m in percent else f"{sd(v):.2g}"

def values(arm, m):
    return {r["seed"]: scale(m) * float(r[m]) for r in rows if r["arm"] == arm and r[m] not in ("", "nan")}

print(f"\n{args.title}" + ("" if HAVE_SCIPY else " (no SciPy: p from the normal tail, too small for few seeds)"))
print(f"| arm | metric | mean ± sd | Δ vs {base} | p (Welch) | p (paired by seed) | seeds | s/run |")
print("|---|---|---|---|---|---|---|---|")
for arm in arms:
    secs = [float(r["seconds"]) for r in rows if r["arm"] == arm]
    for m in metrics:
        v, b = values(arm, m), values(base, m)
        if not v: continue
        mean = statistics.mean(v.values())
        if arm == base:
            delta = welch = paired = "—"
        else:
            delta = ("+" if mean >= statistics.mean(b.values()) else "") + fmt(m, mean - statistics.mean(b.values())) if b else "—"
            welch = f"{welch_p(list(b.values()), list(v.values())):.3f}"
            paired = f"{paired_p([v[s] - b[s] for s in v if s in b]):.3f}"
        print(f"| {arm} | {m}{' (%)' if m in percent else ''} | {fmt(m, mean)} ± {spread(m, list(v.values()))} | {delta} "
              f"| {welch} | {paired} | {len(v)} | {statistics.mean(secs):.0f} |")
