#!/usr/bin/env python3
"""Joins BenchSuite CSVs (ours, one per backend) with torch_ref.py's CSV into one markdown table.

    python3 bench/report.py --ours cuda.csv cpu.csv --torch torch.csv --title "H100, 2026-11-23" [--append bench/RESULTS.md]

Columns: kernel, size, precision, our time per backend, PyTorch time, ratio (PyTorch / ours: > 1
means we are faster) and the fraction of the floor (floor / ours: 1.0 = at the memory floor;
two significant digits, so the compute-bound rows' small fractions stay readable).
"""
import argparse, csv, datetime


def load(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", nargs="+", required=True)
    ap.add_argument("--torch")
    ap.add_argument("--title", required=True)
    ap.add_argument("--append")
    args = ap.parse_args()
    torch_ms = {}
    if args.torch:
        for r in load(args.torch):
            torch_ms[(r["family"], r["kernel"], r["size"], r["precision"])] = (float(r["torch_ms"]), r["torch_device"])
    lines = [f"### {args.title}", "",
             "| family | kernel | size | prec | backend | ours (ms) | PyTorch (ms) | PyTorch / ours | floor / ours |",
             "|---|---|---|---|---|---:|---:|---:|---:|"]
    for path in args.ours:
        for r in load(path):
            key = (r["family"], r["kernel"], r["size"], r["precision"])
            ours, floor = float(r["ms"]), float(r["floor_ms"])
            t = torch_ms.get(key)
            lines.append("| {} | {} | {} | {} | {} | {:.3f} | {} | {} | {:.2g} |".format(
                r["family"], r["kernel"], r["size"], r["precision"], r["backend"], ours,
                f"{t[0]:.3f} ({t[1]})" if t else "—", f"{t[0] / ours:.3g}×" if t else "—",
                floor / ours if ours > 0 else float("nan")))
    text = "\n".join(lines) + "\n"
    print(text)
    if args.append:
        with open(args.append, "a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
