/*
 * path.h — relaxed Bellman-Ford shortest paths (DESIGN §5) and exact batched shortest paths.
 *
 * rbf_run: one work-group per (map, slice of Hessian directions); work-items stride over the
 * cells. The forward pass, the reverse-mode gradient and, per direction, the reverse pass
 * differentiated in forward mode (one exact Hessian column or an HVP). Mirrors
 * org.newton4j.path.RelaxedBellmanFordSample, rewritten as gathers so no two work-items write
 * the same cell. Every state lives in global scratch (perGroup REALs per work-group).
 *
 * Unreached cells (AlgoVision's INF = 1e12) are structural: after t relaxations exactly the cells
 * within Chebyshev distance t of the source are finite; other neighbours get weight exactly 0.
 */

/* ---- precision-independent helpers ---- */
#ifndef NEWTON4J_PATH_INDEPENDENT
#define NEWTON4J_PATH_INDEPENDENT

#define PATH_PROBABILISTIC 0
#define PATH_HAMACHER 1
#define PATH_YAGER_1 2
#define PATH_LOOP_FOR 0
#define PATH_LOOP_WHILE 1
#define PATH_LOSS_L1 0
#define PATH_LOSS_L2SQ 1
#define PATH_WHILE_MAX 1024

/* output bits of rbf_run */
#define PATH_OUT_PATH 1
#define PATH_OUT_LOSS 2
#define PATH_OUT_GRADIENT 4
#define PATH_OUT_HESSIAN 8
#define PATH_OUT_HVP 16
#define PATH_OUT_STEPS 32

/* neighbour k of cell v (row-major 3x3 order without the centre), or -1 outside the grid */
DEVICE_FN int path_neighbour(int v, int k, int H, int W) {
    int dr = k < 3 ? -1 : (k < 5 ? 0 : 1);
    int dc = k < 3 ? k - 1 : (k == 3 ? -1 : (k == 4 ? 1 : k - 6));
    int r = v / W + dr, c = v % W + dc;
    return (r >= 0 && r < H && c >= 0 && c < W) ? r * W + c : -1;
}

/* relaxations after which cell v holds a finite distance (its Chebyshev distance from 0) */
DEVICE_FN int path_reached(int v, int W) {
    int r = v / W, c = v % W;
    return r > c ? r : c;
}

#endif /* NEWTON4J_PATH_INDEPENDENT */

/* ---- precision-dependent part ---- */

DEVICE_FN REAL NAME(path_tconorm)(int kind, REAL p, REAL a, REAL b) {
    if (kind == PATH_PROBABILISTIC) return a + b - a * b;
    if (kind == PATH_HAMACHER) return (a + b + (p - (REAL) 2) * a * b) / ((REAL) 1 + (p - (REAL) 1) * a * b);
    return (REAL) 1 - fmax((REAL) 0, (REAL) 1 - a - b);
}

/* S_a, S_b, S_aa, S_ab, S_bb */
DEVICE_FN void NAME(path_partials)(int kind, REAL p, REAL a, REAL b, REAL *o) {
    if (kind == PATH_PROBABILISTIC) {
        o[0] = (REAL) 1 - b; o[1] = (REAL) 1 - a; o[2] = (REAL) 0; o[3] = (REAL) -1; o[4] = (REAL) 0;
    } else if (kind == PATH_HAMACHER) {
        REAL n = a + b + (p - (REAL) 2) * a * b, d = (REAL) 1 + (p - (REAL) 1) * a * b;
        REAL na = (REAL) 1 + (p - (REAL) 2) * b, nb = (REAL) 1 + (p - (REAL) 2) * a;
        REAL da = (p - (REAL) 1) * b, db = (p - (REAL) 1) * a;
        REAL sa = (na * d - n * da) / (d * d), sb = (nb * d - n * db) / (d * d);
        o[0] = sa;
        o[1] = sb;
        o[2] = (REAL) -2 * sa * da / d;
        o[3] = ((p - (REAL) 2) * d + na * db - nb * da - (p - (REAL) 1) * n) / (d * d) - (REAL) 2 * sa * db / d;
        o[4] = (REAL) -2 * sb * db / d;
    } else {
        REAL s = a + b < (REAL) 1 ? (REAL) 1 : (REAL) 0;
        o[0] = s; o[1] = s; o[2] = (REAL) 0; o[3] = (REAL) 0; o[4] = (REAL) 0;
    }
}

DEVICE_FN REAL NAME(path_sigmoid)(REAL x) {
    return x >= (REAL) 0 ? (REAL) 1 / ((REAL) 1 + exp(-x)) : exp(x) / ((REAL) 1 + exp(x));
}

/* Σ_k w_vk d_u over the nonzero weights of row `w` */
DEVICE_FN REAL NAME(path_mean)(GLOBAL const REAL *w, GLOBAL const REAL *d, int v, int H, int W) {
    REAL mean = (REAL) 0;
    for (int k = 0; k < 8; k++) {
        REAL wk = w[v * 8 + k];
        if (wk != (REAL) 0) mean += wk * d[path_neighbour(v, k, H, W)];
    }
    return mean;
}

/* the While accumulator's weight of state s: P_{s-1} - P_s (+ P_K for the last) */
DEVICE_FN REAL NAME(path_alpha)(GLOBAL const REAL *prob, int s, int K) {
    REAL a = (s == 0 ? (REAL) 1 : prob[s - 1]) - prob[s];
    return s == K ? a + prob[s] : a;
}

/* adds ᾱ_s to the adjoints of the P that α_s is made of */
DEVICE_FN void NAME(path_alpha_adjoint)(GLOBAL REAL *pBar, int s, int K, REAL ab) {
    if (s >= 1) pBar[s - 1] += ab;
    pBar[s] -= ab;
    if (s == K) pBar[s] += ab;
}

/*
 * outputs: PATH_OUT_* bits. stateCap: traceback states kept (T+1 for `for`, K_max+1 for `while`;
 * 2 with PATH_OUT_STEPS, which only runs the forward pass and records K per map in steps[]).
 * Hessian directions j = slice, slice + slices, ... (slice = GROUP_ID % slices).
 */
KERNEL void NAME(rbf_run)(GLOBAL const REAL *cost, GLOBAL const REAL *truth, GLOBAL const REAL *dir,
                          GLOBAL REAL *path_out, GLOBAL REAL *loss_out, GLOBAL REAL *grad_out,
                          GLOBAL REAL *hess_out, GLOBAL int *steps_out, GLOBAL REAL *scratch,
                          i64 perGroup, int first, int slices, int outputs,
                          int H, int W, int T, REAL beta, int tconorm, REAL p, int loop, int lossKind,
                          int stateCap) {
    const int n = H * W, lid = LOCAL_ID, gs = GROUP_SIZE;
    const int slice = GROUP_ID % slices;
    const i64 map = (i64) first + GROUP_ID / slices;
    const int S = stateCap;
    GLOBAL const REAL *c = cost + map * n;
    GLOBAL const REAL *tr = truth + map * n;

    GLOBAL REAL *base = scratch + (i64) GROUP_ID * perGroup;
    GLOBAL REAL *d = base;            base += (i64) T * n;
    GLOBAL REAL *w = base;            base += (i64) T * n * 8;
    GLOBAL REAL *dBar = base;         base += (i64) T * n;
    GLOBAL REAL *dDot = base;         base += (i64) T * n;
    GLOBAL REAL *dBarDot = base;      base += (i64) T * n;
    GLOBAL REAL *wBar = base;         base += n * 8;
    GLOBAL REAL *wDot = base;         base += n * 8;
    GLOBAL REAL *wBarDot = base;      base += n * 8;
    GLOBAL REAL *g = base;            base += n;
    GLOBAL REAL *out = base;          base += n;
    GLOBAL REAL *grad = base;         base += n;
    GLOBAL REAL *gDot = base;         base += n;
    GLOBAL REAL *col = base;          base += n;
    GLOBAL REAL *tmpA = base;         base += n;
    GLOBAL REAL *tmpB = base;         base += n;
    GLOBAL REAL *tmpC = base;         base += n;
    GLOBAL REAL *path = base;         base += (i64) S * n;
    GLOBAL REAL *pos = base;          base += (i64) S * n;
    GLOBAL REAL *pathBar = base;      base += (i64) S * n;
    GLOBAL REAL *posBar = base;       base += (i64) S * n;
    GLOBAL REAL *pathDot = base;      base += (i64) S * n;
    GLOBAL REAL *posDot = base;       base += (i64) S * n;
    GLOBAL REAL *pathBarDot = base;   base += (i64) S * n;
    GLOBAL REAL *posBarDot = base;    base += (i64) S * n;
    GLOBAL REAL *q = base;            base += S;
    GLOBAL REAL *prob = base;         base += S;
    GLOBAL REAL *probBar = base;      base += S;
    GLOBAL REAL *qBar = base;         base += S;
    GLOBAL REAL *qDot = base;         base += S;
    GLOBAL REAL *probDot = base;      base += S;
    GLOBAL REAL *probBarDot = base;   base += S;
    GLOBAL REAL *qBarDot = base;      base += S;
    GLOBAL REAL *alpha = base;        base += S;
    GLOBAL REAL *alphaDot = base;     base += S;

    GLOBAL const REAL *Wl = w + (i64) (T - 1) * n * 8;   /* the last relaxation's weights */
    const i64 last = (i64) (T - 1) * n;
    REAL part[5];

    /* ================= forward: relaxation ================= */
    for (int v = lid; v < n; v += gs) d[v] = (REAL) 0;
    BARRIER();
    for (int it = 1; it <= T; it++) {
        GLOBAL const REAL *dp = d + (i64) (it - 1) * n;
        GLOBAL REAL *wr = w + (i64) (it - 1) * n * 8;
        for (int v = lid; v < n; v += gs) {
            REAL m = (REAL) 0;
            int any = 0;
            for (int k = 0; k < 8; k++) {
                int u = path_neighbour(v, k, H, W);
                if (u >= 0 && path_reached(u, W) <= it - 1) { m = any ? fmin(m, dp[u]) : dp[u]; any = 1; }
            }
            if (!any) {
                for (int k = 0; k < 8; k++) wr[v * 8 + k] = (REAL) 0;
                if (it < T) d[(i64) it * n + v] = (REAL) 0;
                continue;
            }
            REAL z = (REAL) 0;
            for (int k = 0; k < 8; k++) {
                int u = path_neighbour(v, k, H, W);
                REAL e = (u >= 0 && path_reached(u, W) <= it - 1) ? exp(-beta * (dp[u] - m)) : (REAL) 0;
                wr[v * 8 + k] = e;
                z += e;
            }
            REAL mean = (REAL) 0;
            for (int k = 0; k < 8; k++) {
                REAL wk = wr[v * 8 + k] / z;
                wr[v * 8 + k] = wk;
                if (wk != (REAL) 0) mean += wk * dp[path_neighbour(v, k, H, W)];
            }
            if (it < T) d[(i64) it * n + v] = v == 0 ? (REAL) 0 : mean + c[v];
        }
        BARRIER();
    }

    /* ================= forward: traceback ================= */
    for (int v = lid; v < n; v += gs) {
        path[v] = (REAL) 0;
        pos[v] = v == n - 1 ? (REAL) 1 : (REAL) 0;
        out[v] = (REAL) 0;
    }
    BARRIER();
    int K = 0;
    REAL P = (REAL) 0;
    if (loop == PATH_LOOP_WHILE) {
        REAL q0 = NAME(path_sigmoid)(beta * ((REAL) 1 - path[0]));
        P = q0;
        if (lid == 0) { q[0] = q0; prob[0] = q0; }
    }
    for (;;) {
        if (loop == PATH_LOOP_FOR ? K >= T : !(P > (REAL) 1e-5 && K < PATH_WHILE_MAX)) break;
        K++;
        i64 a = (i64) ((K - 1) % S) * n, b = (i64) (K % S) * n;
        for (int u = lid; u < n; u += gs) {
            path[b + u] = NAME(path_tconorm)(tconorm, p, path[a + u], pos[a + u]);
            REAL s = (REAL) 0;
            for (int kk = 0; kk < 8; kk++) {
                int v = path_neighbour(u, kk, H, W);
                if (v >= 0) s += pos[a + v] * Wl[v * 8 + 7 - kk];
            }
            pos[b + u] = s;
        }
        BARRIER();
        if (loop == PATH_LOOP_WHILE) {
            REAL qk = NAME(path_sigmoid)(beta * ((REAL) 1 - path[b]));
            REAL Pprev = P;
            P = P * qk;
            for (int v = lid; v < n; v += gs) out[v] += (Pprev - P) * path[b + v];
            if (lid == 0) { q[K % S] = qk; prob[K % S] = P; }
        }
    }
    {
        i64 b = (i64) (K % S) * n;
        for (int v = lid; v < n; v += gs) out[v] = loop == PATH_LOOP_FOR ? path[b + v] : out[v] + P * path[b + v];
    }
    if ((outputs & PATH_OUT_STEPS) != 0) {
        if (lid == 0) steps_out[map] = K;
        return;
    }
    BARRIER();
    if (slice == 0 && (outputs & PATH_OUT_PATH) != 0)
        for (int v = lid; v < n; v += gs) path_out[map * n + v] = out[v];
    if ((outputs & (PATH_OUT_LOSS | PATH_OUT_GRADIENT | PATH_OUT_HESSIAN | PATH_OUT_HVP)) == 0) return;
    if (slice == 0 && lid == 0 && (outputs & PATH_OUT_LOSS) != 0) {
        REAL l = (REAL) 0;
        for (int v = 0; v < n; v++) {
            REAL r = out[v] - tr[v];
            l += lossKind == PATH_LOSS_L1 ? fabs(r) : r * r;
        }
        loss_out[map] = l / (REAL) n;
    }
    if ((outputs & (PATH_OUT_GRADIENT | PATH_OUT_HESSIAN | PATH_OUT_HVP)) == 0) return;

    /* ================= reverse: gradient ================= */
    const REAL l2 = lossKind == PATH_LOSS_L1 ? (REAL) 0 : (REAL) 2 / (REAL) n;
    for (int v = lid; v < n; v += gs) {
        REAL r = out[v] - tr[v];
        g[v] = (lossKind == PATH_LOSS_L1 ? (REAL) ((r > (REAL) 0) - (r < (REAL) 0)) : (REAL) 2 * r) / (REAL) n;
        grad[v] = (REAL) 0;
        for (int k = 0; k < 8; k++) wBar[v * 8 + k] = (REAL) 0;
    }
    if (loop == PATH_LOOP_WHILE && lid == 0)
        for (int s = 0; s <= K; s++) alpha[s] = NAME(path_alpha)(prob, s, K);
    BARRIER();
    if (loop == PATH_LOOP_WHILE) {
        for (int s = lid; s <= K; s += gs) {
            REAL ab = (REAL) 0;
            for (int v = 0; v < n; v++) ab += g[v] * path[(i64) s * n + v];
            qBar[s] = ab;   /* ᾱ_s for now */
        }
        BARRIER();
        if (lid == 0) {
            for (int s = 0; s <= K; s++) probBar[s] = (REAL) 0;
            for (int s = 0; s <= K; s++) NAME(path_alpha_adjoint)(probBar, s, K, qBar[s]);
            for (int s = K; s >= 1; s--) {
                qBar[s] = probBar[s] * prob[s - 1];
                probBar[s - 1] += probBar[s] * q[s];
            }
            qBar[0] = probBar[0];
        }
        BARRIER();
    }
    for (int v = lid; v < n; v += gs) {
        for (int s = 0; s <= K; s++) {
            REAL pb = loop == PATH_LOOP_FOR ? (s == K ? g[v] : (REAL) 0) : alpha[s] * g[v];
            if (loop == PATH_LOOP_WHILE && v == 0) pb += -beta * q[s] * ((REAL) 1 - q[s]) * qBar[s];
            pathBar[(i64) s * n + v] = pb;
        }
        posBar[(i64) K * n + v] = (REAL) 0;
    }
    BARRIER();
    for (int k = K; k >= 1; k--) {
        i64 a = (i64) (k - 1) * n, b = (i64) k * n;
        for (int v = lid; v < n; v += gs) {
            NAME(path_partials)(tconorm, p, path[a + v], pos[a + v], part);
            pathBar[a + v] += part[0] * pathBar[b + v];
            REAL pb = part[1] * pathBar[b + v];
            for (int kk = 0; kk < 8; kk++) {
                REAL wk = Wl[v * 8 + kk];
                if (wk == (REAL) 0) continue;
                int u = path_neighbour(v, kk, H, W);
                pb += wk * posBar[b + u];
                wBar[v * 8 + kk] += pos[a + v] * posBar[b + u];
            }
            posBar[a + v] = pb;
        }
        BARRIER();
    }
    for (int v = lid; v < n; v += gs) {
        REAL sigma = (REAL) 0;
        for (int kk = 0; kk < 8; kk++) sigma += wBar[v * 8 + kk] * Wl[v * 8 + kk];
        tmpA[v] = sigma;
    }
    BARRIER();
    for (int u = lid; u < n; u += gs) {
        REAL s = (REAL) 0;
        for (int kk = 0; kk < 8; kk++) {
            int v = path_neighbour(u, kk, H, W);
            if (v < 0) continue;
            REAL ws = Wl[v * 8 + 7 - kk];
            if (ws != (REAL) 0) s += -beta * ws * (wBar[v * 8 + 7 - kk] - tmpA[v]);
        }
        dBar[last + u] = s;
    }
    BARRIER();
    for (int it = T - 1; it >= 1; it--) {
        i64 cur = (i64) it * n, prev = (i64) (it - 1) * n;
        GLOBAL const REAL *row = w + (i64) (it - 1) * n * 8;
        for (int v = lid; v < n; v += gs) {
            tmpA[v] = NAME(path_mean)(row, d + prev, v, H, W);
            if (v != 0) grad[v] += dBar[cur + v];
        }
        BARRIER();
        for (int u = lid; u < n; u += gs) {
            REAL s = (REAL) 0;
            for (int kk = 0; kk < 8; kk++) {
                int v = path_neighbour(u, kk, H, W);
                if (v <= 0) continue;   /* outside, or the source (reset: no adjoint flows) */
                REAL ws = row[v * 8 + 7 - kk];
                if (ws != (REAL) 0) s += dBar[cur + v] * ws * ((REAL) 1 - beta * (d[prev + u] - tmpA[v]));
            }
            dBar[prev + u] = s;
        }
        BARRIER();
    }
    if (slice == 0 && (outputs & PATH_OUT_GRADIENT) != 0)
        for (int v = lid; v < n; v += gs) grad_out[map * n + v] = grad[v];
    if ((outputs & (PATH_OUT_HESSIAN | PATH_OUT_HVP)) == 0) return;

    /* ================= forward-over-reverse: H · direction ================= */
    const int hvp = (outputs & PATH_OUT_HVP) != 0;
    for (int j = hvp ? 0 : slice; j < (hvp ? (slice == 0 ? 1 : 0) : n); j += hvp ? 1 : slices) {
        /* tangent of the relaxation */
        for (int v = lid; v < n; v += gs) dDot[v] = (REAL) 0;
        BARRIER();
        for (int it = 1; it < T; it++) {
            i64 cur = (i64) it * n, prev = (i64) (it - 1) * n;
            GLOBAL const REAL *row = w + (i64) (it - 1) * n * 8;
            for (int v = lid; v < n; v += gs) {
                if (v == 0) { dDot[cur] = (REAL) 0; continue; }
                REAL mean = NAME(path_mean)(row, d + prev, v, H, W), s = (REAL) 0;
                int any = 0;
                for (int kk = 0; kk < 8; kk++) {
                    REAL wk = row[v * 8 + kk];
                    if (wk == (REAL) 0) continue;
                    any = 1;
                    int u = path_neighbour(v, kk, H, W);
                    s += wk * dDot[prev + u] * ((REAL) 1 - beta * (d[prev + u] - mean));
                }
                REAL e = hvp ? dir[map * n + v] : (v == j ? (REAL) 1 : (REAL) 0);
                dDot[cur + v] = any ? s + e : (REAL) 0;
            }
            BARRIER();
        }
        /* tangent of the last weights */
        for (int v = lid; v < n; v += gs) {
            REAL om = (REAL) 0;
            for (int kk = 0; kk < 8; kk++) {
                REAL wk = Wl[v * 8 + kk];
                if (wk != (REAL) 0) om += wk * dDot[last + path_neighbour(v, kk, H, W)];
            }
            for (int kk = 0; kk < 8; kk++) {
                REAL wk = Wl[v * 8 + kk];
                wDot[v * 8 + kk] = wk == (REAL) 0 ? (REAL) 0 : -beta * wk * (dDot[last + path_neighbour(v, kk, H, W)] - om);
            }
            pathDot[v] = (REAL) 0;
            posDot[v] = (REAL) 0;
        }
        BARRIER();
        /* tangent of the traceback */
        for (int k = 1; k <= K; k++) {
            i64 a = (i64) (k - 1) * n, b = (i64) k * n;
            for (int u = lid; u < n; u += gs) {
                NAME(path_partials)(tconorm, p, path[a + u], pos[a + u], part);
                pathDot[b + u] = part[0] * pathDot[a + u] + part[1] * posDot[a + u];
                REAL s = (REAL) 0;
                for (int kk = 0; kk < 8; kk++) {
                    int v = path_neighbour(u, kk, H, W);
                    if (v < 0) continue;
                    REAL ws = Wl[v * 8 + 7 - kk];
                    if (ws != (REAL) 0) s += wDot[v * 8 + 7 - kk] * pos[a + v] + ws * posDot[a + v];
                }
                posDot[b + u] = s;
            }
            BARRIER();
        }
        if (loop == PATH_LOOP_WHILE) {
            if (lid == 0) {
                for (int s = 0; s <= K; s++) qDot[s] = -beta * q[s] * ((REAL) 1 - q[s]) * pathDot[(i64) s * n];
                probDot[0] = qDot[0];
                for (int s = 1; s <= K; s++) probDot[s] = probDot[s - 1] * q[s] + prob[s - 1] * qDot[s];
                for (int s = 0; s <= K; s++) {
                    REAL ad = (s == 0 ? (REAL) 0 : probDot[s - 1]) - probDot[s];
                    alphaDot[s] = s == K ? ad + probDot[s] : ad;
                }
            }
            BARRIER();
        }
        for (int v = lid; v < n; v += gs) {
            REAL od;
            if (loop == PATH_LOOP_FOR) {
                od = pathDot[(i64) K * n + v];
            } else {
                od = (REAL) 0;
                for (int s = 0; s <= K; s++) od += alphaDot[s] * path[(i64) s * n + v] + alpha[s] * pathDot[(i64) s * n + v];
            }
            gDot[v] = l2 * od;
        }
        BARRIER();
        /* tangent of the reverse pass */
        if (loop == PATH_LOOP_WHILE) {
            for (int s = lid; s <= K; s += gs) {
                REAL abd = (REAL) 0;
                for (int v = 0; v < n; v++) abd += gDot[v] * path[(i64) s * n + v] + g[v] * pathDot[(i64) s * n + v];
                qBarDot[s] = abd;
            }
            BARRIER();
            if (lid == 0) {
                for (int s = 0; s <= K; s++) probBarDot[s] = (REAL) 0;
                for (int s = 0; s <= K; s++) NAME(path_alpha_adjoint)(probBarDot, s, K, qBarDot[s]);
                for (int s = K; s >= 1; s--) {
                    qBarDot[s] = probBarDot[s] * prob[s - 1] + probBar[s] * probDot[s - 1];
                    probBarDot[s - 1] += probBarDot[s] * q[s] + probBar[s] * qDot[s];
                }
                qBarDot[0] = probBarDot[0];
            }
            BARRIER();
        }
        for (int v = lid; v < n; v += gs) {
            for (int s = 0; s <= K; s++) {
                REAL pbd;
                if (loop == PATH_LOOP_FOR) {
                    pbd = s == K ? gDot[v] : (REAL) 0;
                } else {
                    pbd = alphaDot[s] * g[v] + alpha[s] * gDot[v];
                    if (v == 0) pbd += -beta * (((REAL) 1 - (REAL) 2 * q[s]) * qDot[s] * qBar[s]
                                                + q[s] * ((REAL) 1 - q[s]) * qBarDot[s]);
                }
                pathBarDot[(i64) s * n + v] = pbd;
            }
            posBarDot[(i64) K * n + v] = (REAL) 0;
            for (int kk = 0; kk < 8; kk++) wBarDot[v * 8 + kk] = (REAL) 0;
        }
        BARRIER();
        for (int k = K; k >= 1; k--) {
            i64 a = (i64) (k - 1) * n, b = (i64) k * n;
            for (int v = lid; v < n; v += gs) {
                NAME(path_partials)(tconorm, p, path[a + v], pos[a + v], part);
                REAL saDot = part[2] * pathDot[a + v] + part[3] * posDot[a + v];
                REAL sbDot = part[3] * pathDot[a + v] + part[4] * posDot[a + v];
                pathBarDot[a + v] += saDot * pathBar[b + v] + part[0] * pathBarDot[b + v];
                REAL pbd = sbDot * pathBar[b + v] + part[1] * pathBarDot[b + v];
                for (int kk = 0; kk < 8; kk++) {
                    REAL wk = Wl[v * 8 + kk];
                    if (wk == (REAL) 0) continue;
                    int u = path_neighbour(v, kk, H, W);
                    pbd += wDot[v * 8 + kk] * posBar[b + u] + wk * posBarDot[b + u];
                    wBarDot[v * 8 + kk] += posDot[a + v] * posBar[b + u] + pos[a + v] * posBarDot[b + u];
                }
                posBarDot[a + v] = pbd;
            }
            BARRIER();
        }
        for (int v = lid; v < n; v += gs) {
            REAL sigma = (REAL) 0, sigmaDot = (REAL) 0;
            for (int kk = 0; kk < 8; kk++) {
                REAL wk = Wl[v * 8 + kk];
                sigma += wBar[v * 8 + kk] * wk;
                sigmaDot += wBarDot[v * 8 + kk] * wk + wBar[v * 8 + kk] * wDot[v * 8 + kk];
            }
            tmpA[v] = sigma;
            tmpB[v] = sigmaDot;
        }
        BARRIER();
        for (int u = lid; u < n; u += gs) {
            REAL s = (REAL) 0;
            for (int kk = 0; kk < 8; kk++) {
                int v = path_neighbour(u, kk, H, W);
                if (v < 0) continue;
                int sl = v * 8 + 7 - kk;
                REAL ws = Wl[sl];
                if (ws != (REAL) 0)
                    s += -beta * (wDot[sl] * (wBar[sl] - tmpA[v]) + ws * (wBarDot[sl] - tmpB[v]));
            }
            dBarDot[last + u] = s;
            col[u] = (REAL) 0;
        }
        BARRIER();
        for (int it = T - 1; it >= 1; it--) {
            i64 cur = (i64) it * n, prev = (i64) (it - 1) * n;
            GLOBAL const REAL *row = w + (i64) (it - 1) * n * 8;
            for (int v = lid; v < n; v += gs) {
                REAL mean = NAME(path_mean)(row, d + prev, v, H, W), om = (REAL) 0, meanDot = (REAL) 0;
                for (int kk = 0; kk < 8; kk++) {
                    REAL wk = row[v * 8 + kk];
                    if (wk == (REAL) 0) continue;
                    int u = path_neighbour(v, kk, H, W);
                    om += wk * dDot[prev + u];
                    meanDot += wk * dDot[prev + u] * ((REAL) 1 - beta * (d[prev + u] - mean));
                }
                tmpA[v] = mean;
                tmpB[v] = om;
                tmpC[v] = meanDot;
                if (v != 0) col[v] += dBarDot[cur + v];
            }
            BARRIER();
            for (int u = lid; u < n; u += gs) {
                REAL s = (REAL) 0;
                for (int kk = 0; kk < 8; kk++) {
                    int v = path_neighbour(u, kk, H, W);
                    if (v <= 0) continue;
                    REAL ws = row[v * 8 + 7 - kk];
                    if (ws == (REAL) 0) continue;
                    REAL ad = dDot[prev + u], jj = (REAL) 1 - beta * (d[prev + u] - tmpA[v]);
                    REAL wkDot = -beta * ws * (ad - tmpB[v]);
                    REAL jDot = wkDot * jj - beta * ws * (ad - tmpC[v]);
                    s += dBarDot[cur + v] * ws * jj + dBar[cur + v] * jDot;
                }
                dBarDot[prev + u] = s;
            }
            BARRIER();
        }
        for (int r = lid; r < n; r += gs) {
            if (hvp) hess_out[map * n + r] = col[r];
            else hess_out[map * n * n + (i64) r * n + j] = col[r];
        }
        BARRIER();
    }
}
