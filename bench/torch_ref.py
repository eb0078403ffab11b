#!/usr/bin/env python3
"""PyTorch doing the same jobs as the rows of a BenchSuite CSV, on the same device, timed the same way.

    python3 bench/torch_ref.py --rows ours.csv --device cuda --out torch.csv

For every row whose (family, kernel) has a reference here, runs the PyTorch formulation with the
same sizes and precision: warm-up, then the median of repeats, rotating input copies, timed with
CUDA events on a GPU and the wall clock on the CPU. Rows without a reference are skipped (listed).
"""
import argparse, csv, os, statistics, sys, time

import torch

REFERENCES = {}


def reference(family, kernel):
    def register(fn):
        REFERENCES[(family, kernel)] = fn
        return fn
    return register


def parse_size(size):
    """'m=5 B=1000' -> {'m': 5, 'B': 1000}"""
    return {k: int(v) for k, v in (part.split("=") for part in size.split())}


def timed(device, fn, copies, warmup=3, repeats=11):
    for i in range(warmup):
        fn(copies[i % len(copies)])
    times = []
    for i in range(repeats):
        c = copies[i % len(copies)]
        if device.type == "cuda":
            start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            torch.cuda.synchronize()
            start.record()
            fn(c)
            stop.record()
            torch.cuda.synchronize()
            times.append(start.elapsed_time(stop))
        else:
            t0 = time.perf_counter()
            fn(c)
            times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


@reference("solve", "cholesky")
def solve_cholesky(size, dtype, device, rotations):
    m, b = size["m"], size["B"]
    copies = []
    for _ in range(rotations):
        a = torch.rand(b, m, m, dtype=dtype, device=device) - 0.5
        a = torch.tril(a, -1)
        a = a + a.transpose(1, 2) + m * torch.eye(m, dtype=dtype, device=device)
        r = torch.randn(b, m, 1, dtype=dtype, device=device)
        copies.append((a, r))

    def run(c):
        l, info = torch.linalg.cholesky_ex(c[0])
        return torch.cholesky_solve(c[1], l), info
    return timed(device, run, copies)


def _optimizer_step(size, dtype, device, rotations, make):
    """One optimizer step on n parameters with a preset gradient (fused kernels where PyTorch has them)."""
    n = size["n"]
    copies = []
    for _ in range(rotations if n < 10_000_000 else 1):
        p = torch.nn.Parameter(torch.rand(n, dtype=dtype, device=device) + 0.1)
        p.grad = torch.rand(n, dtype=dtype, device=device) + 0.1
        opt = make([p], device.type == "cuda")
        opt.step()  # creates the state (moments, momentum buffer)
        copies.append(opt)
    return timed(device, lambda opt: opt.step(), copies)


def _fastest(cls, ps, cuda, **kw):
    """The fused implementation on CUDA when this PyTorch has one, else the default."""
    if cuda:
        try:
            return cls(ps, fused=True, **kw)
        except (TypeError, RuntimeError, ValueError):
            pass
    return cls(ps, **kw)


@reference("optim", "adam_step")
def optim_adam(size, dtype, device, rotations):
    return _optimizer_step(size, dtype, device, rotations, lambda ps, cuda: _fastest(torch.optim.Adam, ps, cuda, lr=1e-3))


@reference("optim", "sgd_step")
def optim_sgd(size, dtype, device, rotations):
    return _optimizer_step(size, dtype, device, rotations,
                           lambda ps, cuda: _fastest(torch.optim.SGD, ps, cuda, lr=1e-2, momentum=0.9))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", required=True, help="CSV written by BenchSuite")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--out", required=True)
    ap.add_argument("--rotations", type=int, default=4)
    args = ap.parse_args()
    device = torch.device(args.device)
    if device.type == "cpu":
        torch.set_num_threads(os.cpu_count())
    done = set()
    with open(args.rows) as f, open(args.out, "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["family", "kernel", "size", "precision", "torch_device", "torch_ms"])
        for row in csv.DictReader(f):
            key = (row["family"], row["kernel"], row["size"], row["precision"])
            if key in done:
                continue
            done.add(key)
            fn = REFERENCES.get((row["family"], row["kernel"]))
            if fn is None:
                print(f"no PyTorch reference for {row['family']}/{row['kernel']}", file=sys.stderr)
                continue
            dtype = torch.float32 if row["precision"] == "f32" else torch.float64
            ms = fn(parse_size(row["size"]), dtype, device, args.rotations)
            print(f"{row['family']:8} {row['kernel']:24} {row['size']:22} {row['precision']:4} torch {ms:10.3f} ms")
            w.writerow([*key, device.type, f"{ms:.6f}"])


if __name__ == "__main__":
    main()
