#!/usr/bin/env python3
"""PyTorch reference timings for the ranking loss (issue 8), side by side with SortBenchmark (JMH).

The dense-layer formulation of the diffsort library: every layer of an odd-even network is applied with
n x n matrix products; relaxation cauchy, loss BCE(P, permutation matrix) with logs clamped at -100 (as
torch.nn.BCELoss). Times forward+backward and per-sample Hessians (functorch vmap(hessian)).

    python3 bench/python/sort_torch_baseline.py --n 16 --samples 1024 --steepness 2
Not part of CI (needs torch; Debian: python3-torch).
"""
import argparse
import math
import time

import torch


def odd_even_layers(n):
    """diffsort-style matrices per layer: split_a, split_b (c x n selections), combine_min/max (n x c)."""
    layers = []
    for layer in range(n):
        pairs = [(i, i + 1) for i in range(layer % 2, n - 1, 2)]
        touched = {w for p in pairs for w in p}
        split_a = torch.zeros(n, n); split_b = torch.zeros(n, n)
        combine_min = torch.zeros(n, n); combine_max = torch.zeros(n, n)
        c = 0
        for a, b in pairs:
            split_a[c, a] = 1; split_b[c, b] = 1; combine_min[a, c] = 1; combine_max[b, c] = 1; c += 1
        for w in range(n):  # untouched wires: compared with themselves, half to min and half to max
            if w not in touched:
                split_a[c, w] = 1; split_b[c, w] = 1; combine_min[w, c] = 0.5; combine_max[w, c] = 0.5; c += 1
        layers.append((split_a, split_b, combine_min, combine_max))
    return layers


def relaxed_sort(x, layers, steepness):
    """x: (N, n) -> sorted values (N, n) and P (N, n, n), P[b, j, i] = prob element j lands at rank i."""
    N, n = x.shape
    X = torch.eye(n, dtype=x.dtype).repeat(N, 1, 1)
    for split_a, split_b, combine_min, combine_max in layers:
        split_a, split_b = split_a.to(x.dtype), split_b.to(x.dtype)
        combine_min, combine_max = combine_min.to(x.dtype), combine_max.to(x.dtype)
        a, b = x @ split_a.T, x @ split_b.T
        alpha = torch.atan((b - a) * steepness) / math.pi + 0.5
        aX, bX = X @ split_a.T, X @ split_b.T
        w_min = alpha.unsqueeze(-2) * aX + (1 - alpha).unsqueeze(-2) * bX
        w_max = (1 - alpha).unsqueeze(-2) * aX + alpha.unsqueeze(-2) * bX
        X = w_max @ combine_max.T + w_min @ combine_min.T
        x = (alpha * a + (1 - alpha) * b) @ combine_min.T + ((1 - alpha) * a + alpha * b) @ combine_max.T
    return x, X


def ranking_loss(x, targets, layers, steepness):
    _, P = relaxed_sort(x, layers, steepness)
    return torch.nn.functional.binary_cross_entropy(P, targets, reduction="none").mean(dim=(-1, -2))


def best_of(repeats, fn):
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter(); fn(); best = min(best, time.perf_counter() - t)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=16)
    ap.add_argument("--samples", type=int, default=1024)
    ap.add_argument("--steepness", type=float, default=2.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-hessian", action="store_true")
    args = ap.parse_args()
    torch.manual_seed(1)
    n, N = args.n, args.samples
    layers = odd_even_layers(n)
    x = torch.randn(N, n, dtype=torch.float64)
    ranks = torch.stack([torch.randperm(n) for _ in range(N)])
    targets = torch.nn.functional.one_hot(ranks, n).to(torch.float64)  # T[b, j, r_j] = 1

    def forward_backward():
        xr = x.clone().requires_grad_(True)
        ranking_loss(xr, targets, layers, args.steepness).sum().backward()
        return xr.grad

    t_fb = best_of(args.repeats, forward_backward)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, odd_even/cauchy n={n} N={N} f64")
    print(f"forward+backward: {t_fb * 1e3:.1f} ms/call")
    if not args.no_hessian:
        import functorch
        single = lambda xi, ti: ranking_loss(xi.unsqueeze(0), ti.unsqueeze(0), layers, args.steepness)[0]
        hess = functorch.vmap(functorch.hessian(single))
        t_h = best_of(max(1, args.repeats - 1), lambda: hess(x, targets))
        print(f"vmap(hessian): {t_h * 1e3:.1f} ms/call")


if __name__ == "__main__":
    main()
