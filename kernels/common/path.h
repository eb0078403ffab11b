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

/* the shared scratch layout declares pointers a pass may not use */
#if defined(__CUDACC__)
#pragma nv_diag_suppress 550
#pragma nv_diag_suppress 177
#endif

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
 * The three passes share per-map primal scratch (perMap REALs per map of the launched chunk):
 * d[T n] means[T n] w[T n 8] dBar[T n] wBar[8 n] g[n] out[n] grad[n] tmp[n] path pos pathBar posBar[S n each]
 * q prob probBar qBar alpha[S each]. K per map lives in steps[]. stateCap S: traceback states kept
 * (T+1 for `for`, K_max+1 for `while`; 2 when the forward pass only measures K).
 * PoCL note: every BARRIER is unconditional (at top level or in a uniform loop) and no kernel
 * returns early, so PoCL's work-group compiler never has to duplicate barrier regions.
 */
#define PATH_PRIMAL_LAYOUT                                                    \
    GLOBAL REAL *base = primal + (map - first) * perMap;                      \
    GLOBAL REAL *d = base;        base += (i64) T * n;                        \
    GLOBAL REAL *means = base;    base += (i64) T * n;                        \
    GLOBAL REAL *w = base;        base += (i64) T * n * 8;                    \
    GLOBAL REAL *dBar = base;     base += (i64) T * n;                        \
    GLOBAL REAL *wBar = base;     base += (i64) n * 8;                        \
    GLOBAL REAL *g = base;        base += n;                                  \
    GLOBAL REAL *out = base;      base += n;                                  \
    GLOBAL REAL *grad = base;     base += n;                                  \
    GLOBAL REAL *tmp = base;      base += n;                                  \
    GLOBAL REAL *path = base;     base += (i64) S * n;                        \
    GLOBAL REAL *pos = base;      base += (i64) S * n;                        \
    GLOBAL REAL *pathBar = base;  base += (i64) S * n;                        \
    GLOBAL REAL *posBar = base;   base += (i64) S * n;                        \
    GLOBAL REAL *q = base;        base += S;                                  \
    GLOBAL REAL *prob = base;     base += S;                                  \
    GLOBAL REAL *probBar = base;  base += S;                                  \
    GLOBAL REAL *qBar = base;     base += S;                                  \
    GLOBAL REAL *alpha = base;    base += S;                                  \
    GLOBAL const REAL *Wl = w + (i64) (T - 1) * n * 8;                       \
    const i64 last = (i64) (T - 1) * n;

/* forward: relaxation, traceback, path / loss outputs, K per map. One work-group per map. */
KERNEL void NAME(rbf_forward)(GLOBAL const REAL *cost, GLOBAL const REAL *truth, GLOBAL REAL *path_out,
                              GLOBAL REAL *loss_out, GLOBAL int *steps, GLOBAL REAL *primal, i64 perMap,
                              int first, int outputs, int H, int W, int T, REAL beta, int tconorm, REAL p,
                              int loop, int lossKind, int stateCap) {
    const int n = H * W, lid = LOCAL_ID, gs = GROUP_SIZE, S = stateCap;
    const i64 map = (i64) first + GROUP_ID;
    GLOBAL const REAL *c = cost + map * n;
    GLOBAL const REAL *tr = truth + map * n;
    PATH_PRIMAL_LAYOUT

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
            REAL z = (REAL) 0;
            for (int k = 0; k < 8; k++) {
                int u = path_neighbour(v, k, H, W);
                REAL e = (any && u >= 0 && path_reached(u, W) <= it - 1) ? exp(-beta * (dp[u] - m)) : (REAL) 0;
                wr[v * 8 + k] = e;
                z += e;
            }
            REAL mean = (REAL) 0;
            for (int k = 0; k < 8; k++) {
                REAL wk = any ? wr[v * 8 + k] / z : (REAL) 0;
                wr[v * 8 + k] = wk;
                if (wk != (REAL) 0) mean += wk * dp[path_neighbour(v, k, H, W)];
            }
            if (it < T) {
                d[(i64) it * n + v] = (v == 0 || !any) ? (REAL) 0 : mean + c[v];
                means[(i64) it * n + v] = mean;
            }
        }
        BARRIER();
    }

    for (int v = lid; v < n; v += gs) {
        path[v] = (REAL) 0;
        pos[v] = v == n - 1 ? (REAL) 1 : (REAL) 0;
        out[v] = (REAL) 0;
    }
    BARRIER();
    int K = 0;
    REAL P = NAME(path_sigmoid)(beta);   /* q_0: path(0,0) = 0 in the initial state */
    if (lid == 0) { q[0] = P; prob[0] = P; }
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
    if (lid == 0) steps[map] = K;
    BARRIER();
    if ((outputs & PATH_OUT_PATH) != 0)
        for (int v = lid; v < n; v += gs) path_out[map * n + v] = out[v];
    if (lid == 0 && (outputs & PATH_OUT_LOSS) != 0) {
        REAL l = (REAL) 0;
        for (int v = 0; v < n; v++) {
            REAL r = out[v] - tr[v];
            l += lossKind == PATH_LOSS_L1 ? fabs(r) : r * r;
        }
        loss_out[map] = l / (REAL) n;
    }
}

/* reverse: the gradient, keeping every adjoint the tangent pass needs. One work-group per map. */
KERNEL void NAME(rbf_reverse)(GLOBAL const REAL *truth, GLOBAL REAL *grad_out, GLOBAL const int *steps,
                              GLOBAL REAL *primal, i64 perMap, int first, int outputs, int H, int W, int T,
                              REAL beta, int tconorm, REAL p, int loop, int lossKind, int stateCap) {
    const int n = H * W, lid = LOCAL_ID, gs = GROUP_SIZE, S = stateCap;
    const i64 map = (i64) first + GROUP_ID;
    GLOBAL const REAL *tr = truth + map * n;
    PATH_PRIMAL_LAYOUT
    const int K = steps[map];
    const int isWhile = loop == PATH_LOOP_WHILE;
    REAL part[5];

    for (int v = lid; v < n; v += gs) {
        REAL r = out[v] - tr[v];
        g[v] = (lossKind == PATH_LOSS_L1 ? (REAL) ((r > (REAL) 0) - (r < (REAL) 0)) : (REAL) 2 * r) / (REAL) n;
        grad[v] = (REAL) 0;
        for (int k = 0; k < 8; k++) wBar[v * 8 + k] = (REAL) 0;
    }
    if (isWhile && lid == 0)
        for (int s = 0; s <= K; s++) alpha[s] = NAME(path_alpha)(prob, s, K);
    BARRIER();
    if (isWhile) {
        for (int s = lid; s <= K; s += gs) {
            REAL ab = (REAL) 0;
            for (int v = 0; v < n; v++) ab += g[v] * path[(i64) s * n + v];
            qBar[s] = ab;   /* ᾱ_s for now */
        }
    }
    BARRIER();
    if (isWhile && lid == 0) {
        for (int s = 0; s <= K; s++) probBar[s] = (REAL) 0;
        for (int s = 0; s <= K; s++) NAME(path_alpha_adjoint)(probBar, s, K, qBar[s]);
        for (int s = K; s >= 1; s--) {
            qBar[s] = probBar[s] * prob[s - 1];
            probBar[s - 1] += probBar[s] * q[s];
        }
        qBar[0] = probBar[0];
    }
    BARRIER();
    for (int v = lid; v < n; v += gs) {
        for (int s = 0; s <= K; s++) {
            REAL pb = isWhile ? alpha[s] * g[v] : (s == K ? g[v] : (REAL) 0);
            if (isWhile && v == 0) pb += -beta * q[s] * ((REAL) 1 - q[s]) * qBar[s];
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
        tmp[v] = sigma;
    }
    BARRIER();
    for (int u = lid; u < n; u += gs) {
        REAL s = (REAL) 0;
        for (int kk = 0; kk < 8; kk++) {
            int v = path_neighbour(u, kk, H, W);
            if (v < 0) continue;
            REAL ws = Wl[v * 8 + 7 - kk];
            if (ws != (REAL) 0) s += -beta * ws * (wBar[v * 8 + 7 - kk] - tmp[v]);
        }
        dBar[last + u] = s;
    }
    BARRIER();
    for (int it = T - 1; it >= 1; it--) {
        i64 cur = (i64) it * n, prev = (i64) (it - 1) * n;
        GLOBAL const REAL *row = w + (i64) (it - 1) * n * 8;
        for (int v = lid; v < n; v += gs)
            if (v != 0) grad[v] += dBar[cur + v];
        for (int u = lid; u < n; u += gs) {
            REAL s = (REAL) 0;
            for (int kk = 0; kk < 8; kk++) {
                int v = path_neighbour(u, kk, H, W);
                if (v <= 0) continue;   /* outside, or the source (reset: no adjoint flows) */
                REAL ws = row[v * 8 + 7 - kk];
                if (ws != (REAL) 0) s += dBar[cur + v] * ws * ((REAL) 1 - beta * (d[prev + u] - means[cur + v]));
            }
            dBar[prev + u] = s;
        }
        BARRIER();
    }
    if ((outputs & PATH_OUT_GRADIENT) != 0)
        for (int v = lid; v < n; v += gs) grad_out[map * n + v] = grad[v];
}

/*
 * forward-over-reverse: H · direction for directions j = slice, slice + slices, ... (Hessian
 * columns) or, with PATH_OUT_HVP, the map's row of dir. One work-group per (map, slice); its
 * tangent scratch (perGroup REALs): dDot dBarDot[T n] wDot wBarDot[8 n] gDot col tA tB tC[n]
 * pathDot posDot pathBarDot posBarDot[S n] qDot probDot probBarDot qBarDot alphaDot[S].
 */
KERNEL void NAME(rbf_tangent)(GLOBAL const REAL *dir, GLOBAL REAL *hess_out, GLOBAL const int *steps,
                              GLOBAL REAL *primal, i64 perMap, GLOBAL REAL *tangent, i64 perGroup,
                              int first, int slices, int outputs, int H, int W, int T, REAL beta,
                              int tconorm, REAL p, int loop, int lossKind, int stateCap) {
    const int n = H * W, lid = LOCAL_ID, gs = GROUP_SIZE, S = stateCap;
    const int slice = GROUP_ID % slices;
    const i64 map = (i64) first + GROUP_ID / slices;
    PATH_PRIMAL_LAYOUT
    GLOBAL REAL *tb = tangent + (i64) GROUP_ID * perGroup;
    GLOBAL REAL *dDot = tb;        tb += (i64) T * n;
    GLOBAL REAL *dBarDot = tb;     tb += (i64) T * n;
    GLOBAL REAL *wDot = tb;        tb += (i64) n * 8;
    GLOBAL REAL *wBarDot = tb;     tb += (i64) n * 8;
    GLOBAL REAL *gDot = tb;        tb += n;
    GLOBAL REAL *col = tb;         tb += n;
    GLOBAL REAL *tmpA = tb;        tb += n;
    GLOBAL REAL *tmpB = tb;        tb += n;
    GLOBAL REAL *tmpC = tb;        tb += n;
    GLOBAL REAL *pathDot = tb;     tb += (i64) S * n;
    GLOBAL REAL *posDot = tb;      tb += (i64) S * n;
    GLOBAL REAL *pathBarDot = tb;  tb += (i64) S * n;
    GLOBAL REAL *posBarDot = tb;   tb += (i64) S * n;
    GLOBAL REAL *qDot = tb;        tb += S;
    GLOBAL REAL *probDot = tb;     tb += S;
    GLOBAL REAL *probBarDot = tb;  tb += S;
    GLOBAL REAL *qBarDot = tb;     tb += S;
    GLOBAL REAL *alphaDot = tb;    tb += S;
    const int K = steps[map];
    const int isWhile = loop == PATH_LOOP_WHILE;
    const int hvp = (outputs & PATH_OUT_HVP) != 0;
    const REAL l2 = lossKind == PATH_LOSS_L1 ? (REAL) 0 : (REAL) 2 / (REAL) n;
    REAL part[5];

    const int jStart = hvp ? 0 : slice, jEnd = hvp ? 1 : n, jStep = hvp ? 1 : slices;
    for (int j = jStart; j < jEnd; j += jStep) {
        /* tangent of the relaxation */
        for (int v = lid; v < n; v += gs) dDot[v] = (REAL) 0;
        BARRIER();
        for (int it = 1; it < T; it++) {
            i64 cur = (i64) it * n, prev = (i64) (it - 1) * n;
            GLOBAL const REAL *row = w + (i64) (it - 1) * n * 8;
            for (int v = lid; v < n; v += gs) {
                REAL mean = means[cur + v], s = (REAL) 0;
                int any = 0;
                for (int kk = 0; kk < 8; kk++) {
                    REAL wk = row[v * 8 + kk];
                    if (wk == (REAL) 0) continue;
                    any = 1;
                    int u = path_neighbour(v, kk, H, W);
                    s += wk * dDot[prev + u] * ((REAL) 1 - beta * (d[prev + u] - mean));
                }
                REAL e = hvp ? dir[map * n + v] : (v == j ? (REAL) 1 : (REAL) 0);
                dDot[cur + v] = (any && v != 0) ? s + e : (REAL) 0;
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
        if (isWhile && lid == 0) {
            for (int s = 0; s <= K; s++) qDot[s] = -beta * q[s] * ((REAL) 1 - q[s]) * pathDot[(i64) s * n];
            probDot[0] = qDot[0];
            for (int s = 1; s <= K; s++) probDot[s] = probDot[s - 1] * q[s] + prob[s - 1] * qDot[s];
            for (int s = 0; s <= K; s++) {
                REAL ad = (s == 0 ? (REAL) 0 : probDot[s - 1]) - probDot[s];
                alphaDot[s] = s == K ? ad + probDot[s] : ad;
            }
        }
        BARRIER();
        for (int v = lid; v < n; v += gs) {
            REAL od = (REAL) 0;
            if (isWhile) {
                for (int s = 0; s <= K; s++) od += alphaDot[s] * path[(i64) s * n + v] + alpha[s] * pathDot[(i64) s * n + v];
            } else {
                od = pathDot[(i64) K * n + v];
            }
            gDot[v] = l2 * od;
        }
        BARRIER();
        /* tangent of the reverse pass */
        if (isWhile) {
            for (int s = lid; s <= K; s += gs) {
                REAL abd = (REAL) 0;
                for (int v = 0; v < n; v++) abd += gDot[v] * path[(i64) s * n + v] + g[v] * pathDot[(i64) s * n + v];
                qBarDot[s] = abd;
            }
        }
        BARRIER();
        if (isWhile && lid == 0) {
            for (int s = 0; s <= K; s++) probBarDot[s] = (REAL) 0;
            for (int s = 0; s <= K; s++) NAME(path_alpha_adjoint)(probBarDot, s, K, qBarDot[s]);
            for (int s = K; s >= 1; s--) {
                qBarDot[s] = probBarDot[s] * prob[s - 1] + probBar[s] * probDot[s - 1];
                probBarDot[s - 1] += probBarDot[s] * q[s] + probBar[s] * qDot[s];
            }
            qBarDot[0] = probBarDot[0];
        }
        BARRIER();
        for (int v = lid; v < n; v += gs) {
            for (int s = 0; s <= K; s++) {
                REAL pbd;
                if (isWhile) {
                    pbd = alphaDot[s] * g[v] + alpha[s] * gDot[v];
                    if (v == 0) pbd += -beta * (((REAL) 1 - (REAL) 2 * q[s]) * qDot[s] * qBar[s]
                                                + q[s] * ((REAL) 1 - q[s]) * qBarDot[s]);
                } else {
                    pbd = s == K ? gDot[v] : (REAL) 0;
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
                REAL mean = means[cur + v], om = (REAL) 0, meanDot = (REAL) 0;
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

/*
 * sp_sweep: exact shortest path of one map per work-group by Jacobi Bellman-Ford sweeps to the
 * fixed point dist(0) = 0, dist(v) = min_u dist(u) + c(v) (sums in REAL, as the CPU's Dijkstra
 * rounds them), then the canonical predecessor walk from the target (smallest distance, first
 * neighbour among equals). Local memory: 2n REALs + (n + 1) ints. Unreached: -1.
 */
KERNEL void NAME(sp_sweep)(GLOBAL const REAL *cost, GLOBAL REAL *path_out, int H, int W SCRATCH_PARAM) {
    SCRATCH_DECL
    const int n = H * W, lid = LOCAL_ID, gs = GROUP_SIZE;
    const i64 map = GROUP_ID;
    GLOBAL const REAL *c = cost + map * n;
    LOCAL REAL *cur = (LOCAL REAL *) scratch;
    LOCAL REAL *nxt = cur + n;
    LOCAL int *flag = (LOCAL int *) (nxt + n);
    for (int v = lid; v < n; v += gs) {
        cur[v] = v == 0 ? (REAL) 0 : (REAL) -1;
        path_out[map * n + v] = (REAL) 0;
    }
    for (;;) {
        if (lid == 0) flag[0] = 0;
        BARRIER();
        int changed = 0;
        for (int v = lid; v < n; v += gs) {
            REAL best = cur[v];
            if (v != 0) {
                REAL m = (REAL) -1;
                for (int k = 0; k < 8; k++) {
                    int u = path_neighbour(v, k, H, W);
                    if (u >= 0 && cur[u] >= (REAL) 0 && (m < (REAL) 0 || cur[u] < m)) m = cur[u];
                }
                if (m >= (REAL) 0) {
                    REAL cand = m + c[v];
                    if (best < (REAL) 0 || cand < best) { best = cand; changed = 1; }
                }
            }
            nxt[v] = best;
        }
        if (changed) flag[0] = 1;
        BARRIER();
        int again = flag[0];
        LOCAL REAL *swap = cur; cur = nxt; nxt = swap;
        BARRIER();
        if (!again) break;
    }
    if (lid == 0) {
        int v = n - 1;
        for (int guard = 0; guard <= n; guard++) {
            path_out[map * n + v] = (REAL) 1;
            if (v == 0) break;
            int best = -1;
            for (int k = 0; k < 8; k++) {
                int u = path_neighbour(v, k, H, W);
                if (u >= 0 && (best < 0 || cur[u] < cur[best])) best = u;
            }
            v = best;
        }
    }
}

/* ---- Philox-4x32-10, precision-independent (org.newton4j.path.Philox is the same, word for word) ---- */
#ifndef NEWTON4J_PATH_PHILOX
#define NEWTON4J_PATH_PHILOX
#if defined(__OPENCL_VERSION__)
typedef uint path_u32;
typedef ulong path_u64;
#else
typedef unsigned int path_u32;
typedef unsigned long long path_u64;
#endif
#define PATH_NOISE_GAUSSIAN 0
#define PATH_NOISE_CAUCHY 1

/* counter (c0, c1, c2, c3) = (element, sample, map, 0), key (k0, k1) = seed */
DEVICE_FN void path_philox(path_u32 c0, path_u32 c1, path_u32 c2, path_u32 c3, path_u32 k0, path_u32 k1, path_u32 *o) {
    for (int r = 0; r < 10; r++) {
        path_u64 p0 = (path_u64) 0xD2511F53u * (path_u64) c0, p1 = (path_u64) 0xCD9E8D57u * (path_u64) c2;
        path_u32 hi0 = (path_u32) (p0 >> 32), lo0 = (path_u32) p0, hi1 = (path_u32) (p1 >> 32), lo1 = (path_u32) p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    o[0] = c0; o[1] = c1; o[2] = c2; o[3] = c3;
}
#endif /* NEWTON4J_PATH_PHILOX */

/* the raw words of (seed, map, sample, element) for element = 0 .. count-1: out is count × 4 */
KERNEL void NAME(philox_words)(GLOBAL int *out, int count, int map, int sample, int seedLo, int seedHi) {
    for (i64 i = GLOBAL_ID; i < count; i += GLOBAL_SIZE) {
        path_u32 o[4];
        path_philox((path_u32) i, (path_u32) sample, (path_u32) map, 0u, (path_u32) seedLo, (path_u32) seedHi, o);
        for (int k = 0; k < 4; k++) out[i * 4 + k] = (int) o[k];
    }
}

/* perturbations Z for maps × samples × m elements (row-major), Gaussian (Box-Muller cosine) or Cauchy */
KERNEL void NAME(path_noise)(GLOBAL REAL *out, int maps, int samples, int m, int seedLo, int seedHi, int noise) {
    i64 total = (i64) maps * samples * m;
    for (i64 i = GLOBAL_ID; i < total; i += GLOBAL_SIZE) {
        int e = (int) (i % m), s = (int) ((i / m) % samples), map = (int) (i / ((i64) m * samples));
        path_u32 o[4];
        path_philox((path_u32) e, (path_u32) s, (path_u32) map, 0u, (path_u32) seedLo, (path_u32) seedHi, o);
        REAL u1 = ((REAL) o[0] + (REAL) 0.5) * (REAL) 2.3283064365386963e-10;
        REAL u2 = ((REAL) o[1] + (REAL) 0.5) * (REAL) 2.3283064365386963e-10;
        const REAL pi = (REAL) 3.14159265358979323846;
        out[i] = noise == PATH_NOISE_GAUSSIAN ? sqrt((REAL) -2 * log(u1)) * cos((REAL) 2 * pi * u2)
                                              : tan(pi * (u1 - (REAL) 0.5));
    }
}
