#!/usr/bin/env python3
"""The difference to a baseline arm along the runs, from the curves bench/train-experiments.sh keeps
(OUT/runs/ARM-sSEED/*.csv): per arm and evaluated step, the mean over seeds of (arm − baseline) for
one metric, paired by seed, with the baseline's own mean on the first row. Prints a Markdown table.
  python3 bench/curve-deltas.py bench/out/NAME... [--baseline plain] [--metric test_exact_match]
Several output directories are pooled (seeds must then be distinct across them)."""
import argparse, csv, glob, os, re, statistics

ap = argparse.ArgumentParser()
ap.add_argument("out", nargs="+", help="output directories of bench/train-experiments.sh (holding runs/)")
ap.add_argument("--baseline", default="plain", help="arm the others are compared with (default: plain)")
ap.add_argument("--metric", default="test_exact_match", help="curve column (default: test_exact_match)")
ap.add_argument("--scale", type=float, default=100.0, help="factor for printing (default 100: percent)")
args = ap.parse_args()

curves = {}   # (arm, seed) -> {step: value}
for out in args.out:
    for path in sorted(glob.glob(os.path.join(out, "runs", "*", "*.csv"))):
        m = re.fullmatch(r"(.+)-s(\d+)", os.path.basename(os.path.dirname(path)))
        if not m: raise SystemExit(f"curve-deltas: run directory {os.path.dirname(path)} is not ARM-sSEED")
        key = (m.group(1), m.group(2))
        if key in curves: raise SystemExit(f"curve-deltas: arm {key[0]} seed {key[1]} appears twice")
        rows = list(csv.DictReader(open(path)))
        if rows and args.metric not in rows[0]:
            raise SystemExit(f"curve-deltas: {path} has no column {args.metric} (has {', '.join(rows[0])})")
        curves[key] = {int(r["step"]): float(r[args.metric]) for r in rows}
if not curves: raise SystemExit("curve-deltas: no curves under " + ", ".join(args.out))
arms = list(dict.fromkeys(a for a, _ in curves))
if args.baseline not in arms: raise SystemExit(f"curve-deltas: no arm '{args.baseline}' (arms: {', '.join(arms)})")
base = {s: c for (a, s), c in curves.items() if a == args.baseline}
steps = sorted(set.intersection(*(set(c) for c in base.values())))

def mean_at(values):
    return f"{args.scale * statistics.mean(values):+.1f}" if values else "—"

print("| step | " + " | ".join(str(s) for s in steps) + " |")
print("|---|" + "---|" * len(steps))
print(f"| {args.baseline} ({args.metric}, mean of {len(base)}) | "
      + " | ".join(f"{args.scale * statistics.mean(c[s] for c in base.values()):.1f}" for s in steps) + " |")
for arm in arms:
    if arm == args.baseline: continue
    seeds = [s for (a, s) in curves if a == arm and s in base]
    cells = [mean_at([curves[(arm, seed)][s] - base[seed][s] for seed in seeds if s in curves[(arm, seed)]]) for s in steps]
    print(f"| Δ {arm} ({len(seeds)} pairs) | " + " | ".join(cells) + " |")
