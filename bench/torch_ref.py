#!/usr/bin/env python3
"""PyTorch doing the same jobs as the rows of a BenchSuite CSV, on the same device, timed the same way.

    python3 bench/torch_ref.py --rows ours.csv --device cuda --out torch.csv

For every row whose (family, kernel) has a reference here, runs the PyTorch formulation with the
same sizes and precision: warm-up, then the median of repeats, rotating input copies, timed with
CUDA events on a GPU and the wall clock on the CPU. Rows without a reference are skipped (listed).
"""
import argparse, csv, math, os, statistics, sys, time

import torch

REFERENCES = {}


def reference(family, kernel):
    def register(fn):
        REFERENCES[(family, kernel)] = fn
        return fn
    return register


def parse_size(size):
    """'m=5 B=1000' -> {'m': 5, 'B': 1000}; a grid '12x12 B=64' -> {'side': 12, 'B': 64}"""
    out = {}
    for part in size.split():
        if "=" in part:
            k, v = part.split("=")
            out[k] = int(v)
        else:
            h, w = part.split("x")
            assert h == w, "square grids only"
            out["side"] = int(h)
    return out


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def timed(device, fn, copies, warmup=3, repeats=11):
    """Median ms of fn(copy) after warm-up; slow jobs (> 1 s a call) get 1 warm-up and 3 repeats,
    very slow ones (> 10 s) a single repeat, so the whole reference run fits the lease."""
    t0 = time.perf_counter()
    fn(copies[0])
    _sync(device)
    first = time.perf_counter() - t0
    if first > 10:
        warmup, repeats = 0, 1
    elif first > 1:
        warmup, repeats = 0, 3
    for i in range(1, warmup):
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


def nbytes(dtype):
    """Bytes per element (dtype.itemsize appeared only in PyTorch 2.1)."""
    return torch.empty((), dtype=dtype).element_size()


def copies_for(rotations, nbytes):
    """As the suite's Rotation: one copy once a copy alone is far larger than any cache (256 MB)."""
    return 1 if nbytes > (256 << 20) else rotations


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

# ---------------------------------------------------------------------------------------------
# Per-sample Hessians: functorch (PyTorch 1.13) or torch.func (2.x), vmap over samples, computed in
# chunks of samples so the forward-over-reverse intermediates fit in memory.

class Unavailable(Exception):
    """A reference this PyTorch cannot run (the row is skipped, saying why)."""


try:
    from torch.func import vmap, hessian
except ImportError:  # PyTorch < 2.0
    try:
        from functorch import vmap, hessian
    except ImportError:
        vmap = hessian = None


def require_functorch():
    if vmap is None:
        raise Unavailable("neither torch.func nor functorch is installed (per-sample Hessians need vmap)")


def chunked(fn, chunk, *batched):
    """fn over the leading axis of the inputs, `chunk` samples at a time, results concatenated."""
    n = batched[0].shape[0]
    return torch.cat([fn(*(b[i:i + chunk] for b in batched)) for i in range(0, n, chunk)])


# ---------------------------------------------------------------------------------------------
# Sorting and ranking (DESIGN §4): P[j, i] = probability that element j lands at rank i (ascending),
# loss = BCE(P, T) averaged over the n² entries, logs clamped at −100, T[j, r_j] = 1.

def odd_even_comparators(n):
    """Layers of (a, b) pairs; after the swap wire a holds the soft minimum."""
    return [[(i, i + 1) for i in range(k % 2, n - 1, 2)] for k in range(n)]


def bitonic_comparators(n):
    """DESIGN §4's bitonic network for n a power of two (the suite uses n = 32)."""
    k = max(1, (n - 1).bit_length())
    assert n == 1 << k, "bitonic reference: n must be a power of two"
    layers = []
    for block in range(k):
        for layer in range(block + 1):
            m = 1 << (block - layer)
            pairs = []
            for i in range(0, n, 2 * m):
                for j in range(m):
                    ix = i + j
                    a, b = ix, ix + m
                    pairs.append((b, a) if (ix >> (block + 1)) & 1 else (a, b))
            layers.append(pairs)
    return layers


def dense_layers(comparator_layers, n, dtype, device):
    """diffsort's formulation: every layer as n×n selection matrices (split) and merges (combine).
    Untouched wires are compared with themselves (α-mix of a wire with itself is the identity)."""
    layers = []
    for pairs in comparator_layers:
        sa = torch.zeros(n, n, dtype=dtype); sb = torch.zeros(n, n, dtype=dtype)
        cmin = torch.zeros(n, n, dtype=dtype); cmax = torch.zeros(n, n, dtype=dtype)
        touched = {w for p in pairs for w in p}
        c = 0
        for a, b in pairs:
            sa[c, a] = 1; sb[c, b] = 1; cmin[a, c] = 1; cmax[b, c] = 1; c += 1
        for w in range(n):
            if w not in touched:
                sa[c, w] = 1; sb[c, w] = 1; cmin[w, c] = 0.5; cmax[w, c] = 0.5; c += 1
        layers.append(tuple(t.to(device) for t in (sa.T.contiguous(), sb.T.contiguous(), cmin.T.contiguous(), cmax.T.contiguous())))
    return layers


RELAXATIONS = {
    "cauchy": lambda v: torch.atan(v) / math.pi + 0.5,
    "logistic": torch.sigmoid,
}


def network_P(x, layers, relax, steepness):
    """x (N, n) -> P (N, n, n) through the dense layers (P starts as the identity)."""
    n = x.shape[-1]
    X = torch.eye(n, dtype=x.dtype, device=x.device).expand(x.shape[0], n, n)
    for sa_t, sb_t, cmin_t, cmax_t in layers:
        a, b = x @ sa_t, x @ sb_t
        alpha = relax((b - a) * steepness)
        aX, bX = X @ sa_t, X @ sb_t
        w_min = alpha.unsqueeze(-2) * aX + (1 - alpha).unsqueeze(-2) * bX
        w_max = (1 - alpha).unsqueeze(-2) * aX + alpha.unsqueeze(-2) * bX
        X = w_min @ cmin_t + w_max @ cmax_t
        x = (alpha * a + (1 - alpha) * b) @ cmin_t + ((1 - alpha) * a + alpha * b) @ cmax_t
    return X


def neuralsort_P(x, tau):
    s = -x
    n = s.shape[-1]
    A = (s.unsqueeze(-1) - s.unsqueeze(-2)).abs()                       # A[j, l]
    c = (n + 1 - 2 * (torch.arange(n, device=x.device, dtype=x.dtype) + 1))
    logits = (c.view(-1, 1) * s.unsqueeze(-2) - A.sum(-1).unsqueeze(-2)) / tau   # [i, j]
    return softmax(logits, dim=-1).transpose(-1, -2)


def softsort_P(x, tau):
    s = -x
    s_sorted = torch.sort(s, dim=-1, descending=True).values
    logits = -(s_sorted.unsqueeze(-1) - s.unsqueeze(-2)).abs() / tau     # [i, j]
    return softmax(logits, dim=-1).transpose(-1, -2)


def softmax(z, dim):
    """Softmax written out: PyTorch 1.13 has no forward-mode AD for softmax's backward, which
    vmap(hessian) (forward-over-reverse) needs. The max is a constant shift (no gradient needed)."""
    e = torch.exp(z - z.max(dim=dim, keepdim=True).values.detach())
    return e / e.sum(dim=dim, keepdim=True)


def bce(P, T):
    return -(T * torch.clamp(torch.log(P), min=-100) + (1 - T) * torch.clamp(torch.log(1 - P), min=-100)).mean(dim=(-1, -2))


def ranking_model(name, n, dtype, device):
    """The suite's four ranking algorithms (SortCase): x (N, n), T (N, n, n) -> loss (N,)."""
    if name == "odd_even_cauchy":
        layers = dense_layers(odd_even_comparators(n), n, dtype, device)
        return lambda x, T: bce(network_P(x, layers, RELAXATIONS["cauchy"], 10.0), T)
    if name == "bitonic_logistic":
        layers = dense_layers(bitonic_comparators(n), n, dtype, device)
        return lambda x, T: bce(network_P(x, layers, RELAXATIONS["logistic"], 10.0), T)
    if name == "neuralsort":
        return lambda x, T: bce(neuralsort_P(x, 1.0), T)
    if name == "softsort":
        return lambda x, T: bce(softsort_P(x, 1.0), T)
    raise KeyError(name)


def ranking_inputs(N, n, dtype, device, copies):
    out = []
    for _ in range(copies):
        x = torch.randn(N, n, dtype=dtype, device=device)
        ranks = torch.argsort(torch.rand(N, n, device=device), dim=-1)
        out.append((x, torch.nn.functional.one_hot(ranks, n).to(dtype)))
    return out


def per_sample_hessians(loss, chunk):
    """(N, n) scores -> (N, n, n) Hessians of each sample's loss, vmap(hessian) in chunks."""
    require_functorch()
    single = lambda xi, ti: loss(xi.unsqueeze(0), ti.unsqueeze(0))[0]
    h = vmap(hessian(single))
    return lambda x, T: chunked(h, chunk, x, T)


def hessian_chunk(device, per_sample_bytes):
    """Samples per vmap(hessian) chunk: ~16 GB of (estimated) intermediates on a GPU, ~1 GB on the CPU."""
    budget = (16 << 30) if device.type == "cuda" else (1 << 30)
    return max(1, budget // per_sample_bytes)


def _sort_reference(algorithm, with_hessian):
    def run(size, dtype, device, rotations):
        n, N = size["n"], size["N"]
        loss = ranking_model(algorithm, n, dtype, device)
        copies = ranking_inputs(N, n, dtype, device, copies_for(rotations, N * n * n * nbytes(dtype)))
        if with_hessian:
            layers = n if algorithm.startswith(("odd_even", "bitonic")) else 4
            hess = per_sample_hessians(loss, hessian_chunk(device, 24 * layers * n * n * n * nbytes(dtype)))

            def job(c):
                x, T = c
                xr = x.clone().requires_grad_(True)
                loss(xr, T).sum().backward()
                return hess(x, T)
        else:
            def job(c):
                x, T = c
                xr = x.clone().requires_grad_(True)
                loss(xr, T).sum().backward()
                return xr.grad
        return timed(device, job, copies)
    return run


for _alg in ("odd_even_cauchy", "bitonic_logistic", "neuralsort", "softsort"):
    reference("sort", _alg + "_fwd_grad")(_sort_reference(_alg, False))
    reference("sort", _alg + "_hessian")(_sort_reference(_alg, True))


# ---------------------------------------------------------------------------------------------
# Relaxed shortest paths (DESIGN §5), AlgoVision style: padded distance grid with INF = 1e12,
# 8-neighbour softmin relaxation T times, traceback of T steps with the probabilistic t-conorm,
# L2² loss against a 0/1 truth. Costs (B, H, W).

INF = 1e12
OFFSETS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0)]


def neighbours(d, fill):
    """(B, H, W) -> (B, 8, H, W): the value at v + off_k (fill outside the grid)."""
    H, W = d.shape[-2:]
    p = torch.nn.functional.pad(d, (1, 1, 1, 1), value=fill)
    return torch.stack([p[..., 1 + dy:1 + dy + H, 1 + dx:1 + dx + W] for dy, dx in OFFSETS], dim=-3)


def scatter_to_neighbours(q):
    """(B, 8, H, W) contributions of v to v + off_k -> (B, H, W) sums (the adjoint of neighbours)."""
    H, W = q.shape[-2:]
    out = 0
    for k, (dy, dx) in enumerate(OFFSETS):
        p = torch.nn.functional.pad(q[..., k, :, :], (1 + dx, 1 - dx, 1 + dy, 1 - dy))
        out = out + p[..., 1:1 + H, 1:1 + W]
    return out


def relaxed_bellman_ford(cost, beta, iterations):
    """Soft predecessor weights (B, 8, H, W) after T relaxations, then the relaxed path (B, H, W)."""
    B, H, W = cost.shape
    source = torch.zeros(H, W, dtype=cost.dtype, device=cost.device)
    source[0, 0] = 1
    d = INF * (1 - source).expand(B, H, W)
    w = None
    for _ in range(iterations):
        du = neighbours(d, INF)
        w = softmax(-beta * du, dim=-3)
        d = (w * du).sum(-3) + cost
        d = d * (1 - source)                       # d(source) = 0 after every relaxation
    pos = torch.zeros(B, H, W, dtype=cost.dtype, device=cost.device)
    pos[..., H - 1, W - 1] = 1
    path = torch.zeros_like(pos)
    for _ in range(iterations):
        path = path + pos - path * pos             # probabilistic t-conorm
        pos = scatter_to_neighbours(pos.unsqueeze(-3) * w)
    return path


def path_loss(cost, truth, beta=10.0):
    H = cost.shape[-2]
    return ((relaxed_bellman_ford(cost, beta, 2 * H) - truth) ** 2).mean(dim=(-1, -2))


def path_inputs(B, side, dtype, device, copies):
    return [(0.5 + 4 * torch.rand(B, side, side, dtype=dtype, device=device),
             (torch.rand(B, side, side, device=device) < 0.2).to(dtype)) for _ in range(copies)]


def _grid(size):
    side = int(size["side"])
    return side, size["B"]


def _path_reference(with_hessian):
    def run(size, dtype, device, rotations):
        side, B = _grid(size)
        copies = path_inputs(B, side, dtype, device, copies_for(rotations, 2 * B * side * side * nbytes(dtype)))
        m = side * side
        if with_hessian:
            require_functorch()
            single = lambda ci, ti: path_loss(ci.view(1, side, side), ti.view(1, side, side))[0]
            h = vmap(hessian(single))
            chunk = hessian_chunk(device, 6 * 2 * side * m * 8 * m * nbytes(dtype))

            def job(c):
                cost, truth = c
                cr = cost.clone().requires_grad_(True)
                path_loss(cr, truth).sum().backward()
                return chunked(h, chunk, cost.view(B, m), truth.view(B, m))
        else:
            def job(c):
                cost, truth = c
                cr = cost.clone().requires_grad_(True)
                path_loss(cr, truth).sum().backward()
                return cr.grad
        return timed(device, job, copies)
    return run


reference("path", "relaxed_bf_fwd_grad")(_path_reference(False))
reference("path", "relaxed_bf_hessian")(_path_reference(True))


@reference("path", "exact_solver")
def path_exact(size, dtype, device, rotations):
    """Exact shortest paths in PyTorch: min-plus Bellman-Ford (H·W sweeps, enough for any positive
    costs on the grid), then the traceback along the argmin predecessors, as a 0/1 path mask."""
    side, B = _grid(size)
    copies = [c for c, _ in path_inputs(B, side, dtype, device, copies_for(rotations, B * side * side * nbytes(dtype)))]

    def job(cost):
        H, W = cost.shape[-2:]
        source = torch.zeros(H, W, dtype=torch.bool, device=cost.device)
        source[0, 0] = True
        d = torch.where(source, torch.zeros_like(cost), torch.full_like(cost, float("inf")))
        for _ in range(H * W):
            d = torch.where(source, d, neighbours(d, float("inf")).min(dim=-3).values + cost)
        pred = torch.nn.functional.one_hot(neighbours(d, float("inf")).argmin(dim=-3), 8).movedim(-1, -3).to(cost.dtype)
        pred = pred * (~source).to(cost.dtype)      # the source has no predecessor
        pos = torch.zeros_like(cost)
        pos[..., H - 1, W - 1] = 1
        path = torch.zeros_like(cost)
        for _ in range(H * W):
            path = torch.maximum(path, pos)
            pos = scatter_to_neighbours(pos.unsqueeze(-3) * pred)
        return torch.maximum(path, pos)
    return timed(device, job, copies)


# ---------------------------------------------------------------------------------------------
# The Newton-loss step (DESIGN §6, Hessian curvature, sample scope, λ = 0.1): loss, gradient and
# per-sample Hessians (vmap(hessian)), then z* = y − (H_i + λI)⁻¹ g_i by torch.linalg.solve.

def _newton_subject(kernel, size, dtype, device, rotations):
    if kernel.startswith("softsort"):
        n, B = size["n"], size["B"]
        loss = ranking_model("softsort", n, dtype, device)
        return loss, ranking_inputs(B, n, dtype, device, copies_for(rotations, B * n * n * nbytes(dtype))), \
            hessian_chunk(device, 24 * 4 * n * n * n * nbytes(dtype)), n
    m, B = size["m"], size["B"]
    side = int(round(math.sqrt(m)))
    loss = lambda c, t: path_loss(c.view(-1, side, side), t.view(-1, side, side))
    copies = [(c.view(B, m), t.view(B, m)) for c, t in path_inputs(B, side, dtype, device, copies_for(rotations, 2 * B * m * nbytes(dtype)))]
    return loss, copies, hessian_chunk(device, 6 * 2 * side * m * 8 * m * nbytes(dtype)), m


def _newton_reference(newton):
    def run(size, dtype, device, rotations):
        kernel = "softsort" if "n" in size else "path"
        loss, copies, chunk, m = _newton_subject(kernel, size, dtype, device, rotations)
        if not newton:
            def job(c):
                y, t = c
                yr = y.clone().requires_grad_(True)
                loss(yr, t).sum().backward()
                return yr.grad
            return timed(device, job, copies)
        hess = per_sample_hessians(loss, chunk)
        eye = torch.eye(m, dtype=dtype, device=device)

        def job(c):
            y, t = c
            yr = y.clone().requires_grad_(True)
            values = loss(yr, t)
            g, = torch.autograd.grad(values.sum(), yr)
            H = hess(y, t)
            z = y - torch.linalg.solve(H + 0.1 * eye, g.unsqueeze(-1)).squeeze(-1)
            return (0.5 * ((y - z) ** 2).sum(-1)).mean().item()   # the surrogate value, read back as ours
        return timed(device, job, copies)
    return run


for _subject in ("softsort", "path"):
    reference("newton", _subject + "_plain")(_newton_reference(False))
    reference("newton", _subject + "_newton_hessian_sample")(_newton_reference(True))


# ---------------------------------------------------------------------------------------------
# GEMM and a 3×3 convolution layer (torch.nn.functional.linear / conv2d: cuBLAS and cuDNN on a GPU).

@reference("nn", "gemm_fwd_vendor")   # the same product, on cuBLAS through newton4j
@reference("nn", "gemm_fwd")
def nn_gemm(size, dtype, device, rotations):
    M, K, N = size["M"], size["K"], size["N"]
    copies = [(torch.randn(M, K, dtype=dtype, device=device), torch.randn(N, K, dtype=dtype, device=device),
               torch.randn(N, dtype=dtype, device=device)) for _ in range(copies_for(rotations, (M + N) * K * nbytes(dtype)))]
    return timed(device, lambda c: torch.nn.functional.linear(*c), copies)


def _conv_inputs(size, dtype, device, rotations):
    N, C, H, W, K = size["N"], size["C"], size["H"], size["W"], size["K"]
    return [(torch.randn(N, C, H, W, dtype=dtype, device=device), torch.randn(K, C, 3, 3, dtype=dtype, device=device),
             torch.randn(K, dtype=dtype, device=device), torch.randn(N, K, H, W, dtype=dtype, device=device))
            for _ in range(copies_for(rotations, N * (C + K) * H * W * nbytes(dtype)))]


@reference("nn", "conv3x3_fwd")
def nn_conv_fwd(size, dtype, device, rotations):
    return timed(device, lambda c: torch.nn.functional.conv2d(c[0], c[1], c[2], padding=1),
                 _conv_inputs(size, dtype, device, rotations))


@reference("nn", "conv3x3_bwd")
def nn_conv_bwd(size, dtype, device, rotations):
    """Input, weight and bias gradients of the convolution (the backward kernels alone)."""
    def job(c):
        x, w, b, dy = c
        if hasattr(torch.ops.aten, "convolution_backward"):  # the kernels autograd calls (cuDNN on a GPU)
            return torch.ops.aten.convolution_backward(dy, x, w, [b.shape[0]], [1, 1], [1, 1], [1, 1], False, [0, 0], 1,
                                                       [True, True, True])
        from torch.nn.grad import conv2d_input, conv2d_weight
        return conv2d_input(x.shape, w, dy, padding=1), conv2d_weight(x, w.shape, dy, padding=1), dy.sum(dim=(0, 2, 3))
    return timed(device, job, _conv_inputs(size, dtype, device, rotations))



def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", required=True, help="CSV written by BenchSuite")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--out", required=True)
    ap.add_argument("--rotations", type=int, default=4)
    ap.add_argument("--budget-s", type=float, default=0,
                    help="skip the remaining rows once this many seconds have passed (0 = no limit)")
    args = ap.parse_args()
    started = time.perf_counter()
    device = torch.device(args.device)
    # Full float32 on both sides: our kernels do FP32 FMAs, so PyTorch must not use TF32 tensor cores
    # (cuDNN convolutions default to TF32 on Ampere and newer).
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
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
            if args.budget_s and time.perf_counter() - started > args.budget_s:
                print(f"skipped {row['family']}/{row['kernel']} {row['size']}: over the {args.budget_s:.0f} s budget", file=sys.stderr)
                continue
            dtype = torch.float32 if row["precision"] == "f32" else torch.float64
            torch.manual_seed(len(done))
            try:
                ms = fn(parse_size(row["size"]), dtype, device, args.rotations)
            except Unavailable as e:
                print(f"skipped {row['family']}/{row['kernel']} {row['size']}: {e}", file=sys.stderr)
                continue
            except RuntimeError as e:  # out of memory (torch.cuda.OutOfMemoryError is a RuntimeError)
                if "out of memory" not in str(e).lower():
                    raise
                print(f"skipped {row['family']}/{row['kernel']} {row['size']}: PyTorch ran out of memory", file=sys.stderr)
                if device.type == "cuda":
                    torch.cuda.empty_cache()
                continue
            print(f"{row['family']:8} {row['kernel']:24} {row['size']:22} {row['precision']:4} torch {ms:10.3f} ms")
            w.writerow([*key, device.type, f"{ms:.6f}"])
            out.flush()   # a run stopped from outside keeps the rows it finished


if __name__ == "__main__":
    main()
