/*
 * sort.h — differentiable sorting and ranking (DESIGN §4): relaxed sorting networks (six relaxations),
 * NeuralSort and SoftSort. Per sample: relaxed permutation P (P[j][i] = prob. element j lands at rank i,
 * ascending), sorted values, BCE ranking loss vs integer ranks, gradient, exact Hessian columns and HVPs.
 *
 * The arithmetic mirrors the CPU reference org.newton4j.sort.RankingSample line by line; read its
 * comments for the derivation. One work-item per (sample, direction): direction c of a full Hessian is
 * the HVP along e_c (forward-over-reverse); item c = 0 also writes the primal outputs, so P, sorted
 * values, loss, gradient and Hessian come from one launch. A network comparator touches two entries of
 * each P row (O(n) per comparator); per-item workspaces (stride REALs) live in global scratch, interleaved
 * across items (GPUs) or contiguous (CPU devices).
 *
 * Kernel: rank_eval(x, ranks, comps, ncomp, perm, sorted, loss, grad, hout, dirs, scratch, stride, interleave,
 *                   n, algo, relax, beta, lambda, tau, first, count, ndir, flags)
 *   algo: 0 sorting network, 1 NeuralSort, 2 SoftSort; relax: org.newton4j.sort.Relaxation#code.
 *   flags: 1 perm, 2 sorted, 4 loss, 8 grad, 16 full Hessian (ndir = n, hout N×n×n),
 *          32 HVP along dirs (ndir = 1, hout N×n).
 *   Items cover samples first .. first+count−1 (a streamed chunk); scratch is indexed within the chunk.
 *
 * Bounds (checked on the host by NativeRanking#checkBounds, exercised by SortCanaryConformanceTest):
 *   items t < count·ndir act (the launch is rounded up to whole groups; the rest return at once);
 *   scratch: item t touches w[i·ps], i < stride = 11·ncomp + 8n (network) or 15n (NeuralSort/SoftSort),
 *     w = scratch + t (ps = count·ndir) or scratch + t·stride (ps = 1): max index count·ndir·stride − 1;
 *   x, ranks, dirs, sorted, grad, HVP out: < (first+count)·n; perm, Hessian: < (first+count)·n²;
 *   loss: < first+count; comparator wires a, b ∈ [0, n); the pointer-carried local indices (j·n+i < n²,
 *   4k+3 < 4·ncomp) stay in int for n ≤ 4096 (ncomp ≤ n(n−1)/2).
 */

#define SORT_PERM 1
#define SORT_SORTED 2
#define SORT_LOSS 4
#define SORT_GRAD 8
#define SORT_HESS 16
#define SORT_HVP 32

DEVICE_FN REAL NAME(sort_sgn)(REAL v) { return v > (REAL) 0 ? (REAL) 1 : (v < (REAL) 0 ? (REAL) -1 : (REAL) 0); }

DEVICE_FN REAL NAME(sort_sigmoid)(REAL u) {
    return u >= (REAL) 0 ? (REAL) 1 / ((REAL) 1 + exp(-u)) : exp(u) / ((REAL) 1 + exp(u));
}

/* α = s(d), ᾱ = 1 − α = s(−d) (computed directly), s'(d), s''(d) into r[0..3]
 * (see org.newton4j.sort.Relaxation#evaluate). */
DEVICE_FN void NAME(sort_relax)(int relax, REAL d, REAL beta, REAL lambda, GLOBAL REAL *r, i64 ps) {
    const REAL pi = (REAL) 3.14159265358979323846;
    REAL a, ab, s1, s2;
    if (relax == 0) {
        REAL sg = NAME(sort_sigmoid)(beta * d), q = sg * ((REAL) 1 - sg);
        a = sg; ab = NAME(sort_sigmoid)(-beta * d); s1 = beta * q; s2 = beta * beta * q * ((REAL) 1 - (REAL) 2 * sg);
    } else if (relax == 1) {
        REAL ad = fabs(d), t = ad + (REAL) 1e-10, tl = pow(t, -lambda);
        REAL u = beta * d * tl;
        REAL u1 = beta * tl / t * (t - lambda * ad);
        REAL u2 = beta * lambda * NAME(sort_sgn)(d) * tl / (t * t) * ((lambda + (REAL) 1) * ad - (REAL) 2 * t);
        REAL sg = NAME(sort_sigmoid)(u), q = sg * ((REAL) 1 - sg);
        a = sg; ab = NAME(sort_sigmoid)(-u); s1 = q * u1; s2 = q * ((REAL) 1 - (REAL) 2 * sg) * u1 * u1 + q * u2;
    } else if (relax == 2) {
        REAL v = beta * d, pdf = exp((REAL) -0.5 * v * v) / sqrt((REAL) 2 * pi);
        a = (REAL) 0.5 * erfc(-v / sqrt((REAL) 2)); ab = (REAL) 0.5 * erfc(v / sqrt((REAL) 2));
        s1 = beta * pdf; s2 = -beta * beta * v * pdf;
    } else if (relax == 3) {
        REAL v = beta * d, w = (REAL) 2 + fabs(v);
        if (v >= (REAL) 0) { a = (REAL) 0.5 * (v / w + (REAL) 1); ab = (REAL) 1 / w; }
        else { a = (REAL) 1 / w; ab = (REAL) 0.5 * ((REAL) 1 - v / w); }
        s1 = beta / (w * w); s2 = (REAL) -2 * beta * beta * NAME(sort_sgn)(v) / (w * w * w);
    } else if (relax == 4) {
        REAL v = beta * d, w = (REAL) 1 + v * v;
        REAL small = v == (REAL) 0 ? (REAL) 0.5 : atan((REAL) 1 / fabs(v)) / pi;
        if (v >= (REAL) 0) { ab = small; a = atan(v) / pi + (REAL) 0.5; } else { a = small; ab = (REAL) 0.5 - atan(v) / pi; }
        s1 = beta / (pi * w); s2 = (REAL) -2 * beta * beta * v / (pi * w * w);
    } else {
        REAL v = beta * d;
        if (fabs(v) <= (REAL) 0.25) { a = v + (REAL) 0.5; ab = (REAL) 0.5 - v; s1 = beta; s2 = (REAL) 0; }
        else {
            if (v > (REAL) 0) { a = (REAL) 1 - (REAL) 1 / ((REAL) 16 * v); ab = (REAL) 1 / ((REAL) 16 * v); }
            else { a = (REAL) -1 / ((REAL) 16 * v); ab = (REAL) 1 + (REAL) 1 / ((REAL) 16 * v); }
            s1 = beta / ((REAL) 16 * v * v); s2 = -beta * beta / ((REAL) 8 * v * v * v);
        }
    }
    r[0] = a; r[ps] = ab; r[2 * ps] = s1; r[3 * ps] = s2;
}

/* BCE entry −(t log p + (1−t) log(1−p))/n², logs clamped (flat beyond): f, f', f'' into f3. The clamp is
 * −100 (DESIGN §4) in double, −40 in float, where 1/p² would overflow (RankingSample#logClamp). */
DEVICE_FN void NAME(sort_bce)(REAL prob, int target, int n, REAL *f3) {
    REAL scale = (REAL) 1 / ((REAL) n * (REAL) n);
    REAL clamp = sizeof(REAL) == 4 ? (REAL) -40 : (REAL) -100;
    REAL q = target ? prob : (REAL) 1 - prob;
    if (q > (REAL) 0 && log(q) > clamp) {
        REAL sgn = target ? (REAL) -1 : (REAL) 1;
        f3[0] = -log(q) * scale; f3[1] = sgn / q * scale; f3[2] = (REAL) 1 / (q * q) * scale;
    } else {
        f3[0] = -clamp * scale; f3[1] = (REAL) 0; f3[2] = (REAL) 0;
    }
}

/* Element i of a per-item workspace array (the items' workspaces are interleaved with pitch ps). */
#define WS(arr, i) (arr)[(i64) (i) * ps]

/* ---------------------------------------------------------------- sorting networks */

DEVICE_FN void NAME(sort_network)(GLOBAL const REAL *x, GLOBAL const int *rk, GLOBAL const int *comps, int ncomp,
                                  int n, int relax, REAL beta, REAL lambda, int tangent, int flags,
                                  GLOBAL REAL *perm, GLOBAL REAL *sorted, GLOBAL REAL *loss, GLOBAL REAL *grad,
                                  GLOBAL REAL *hu, GLOBAL REAL *w, i64 ps) {
    GLOBAL REAL *d = w, *rx = d + ncomp * ps, *diff = rx + 4 * ncomp * ps, *abarP = diff + ncomp * ps;
    GLOBAL REAL *dd = abarP + ncomp * ps, *ald = dd + ncomp * ps, *diffd = ald + ncomp * ps, *abarPd = diffd + ncomp * ps;
    GLOBAL REAL *v = abarPd + ncomp * ps, *vd = v + n * ps, *p = vd + n * ps, *pd = p + n * ps, *e = pd + n * ps, *ed = e + n * ps;
    GLOBAL REAL *vb = ed + n * ps, *vbd = vb + n * ps;
    REAL f3[3];
    for (int i = 0; i < n; i++) WS(v, i) = x[i];
    /* 1. values forward */
    for (int k = 0; k < ncomp; k++) {
        int a = comps[2 * k], b = comps[2 * k + 1];
        REAL dk = WS(v, b) - WS(v, a);
        WS(d, k) = dk;
        NAME(sort_relax)(relax, dk, beta, lambda, rx + 4 * k * ps, ps);
        REAL al = WS(rx, 4 * k), alc = WS(rx, 4 * k + 1), va = WS(v, a), vbv = WS(v, b);
        WS(v, a) = al * va + alc * vbv;
        WS(v, b) = alc * va + al * vbv;
        if (tangent) {
            REAL ddk = WS(vd, b) - WS(vd, a), aldk = WS(rx, 4 * k + 2) * ddk, vda = WS(vd, a), vdb = WS(vd, b);
            WS(dd, k) = ddk; WS(ald, k) = aldk;
            WS(vd, a) = -aldk * dk + al * vda + alc * vdb;
            WS(vd, b) = aldk * dk + alc * vda + al * vdb;
        }
    }
    if (flags & SORT_SORTED) for (int i = 0; i < n; i++) sorted[i] = WS(v, i);
    int needLoss = (flags & (SORT_LOSS | SORT_GRAD)) || tangent;
    if (!(flags & SORT_PERM) && !needLoss) return;
    /* 2. rows of P */
    for (int k = 0; k < ncomp; k++) { WS(abarP, k) = (REAL) 0; if (tangent) WS(abarPd, k) = (REAL) 0; }
    REAL total = (REAL) 0;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) { WS(p, i) = i == j ? (REAL) 1 : (REAL) 0; if (tangent) WS(pd, i) = (REAL) 0; }
        for (int k = 0; k < ncomp; k++) {
            int a = comps[2 * k], b = comps[2 * k + 1];
            REAL al = WS(rx, 4 * k), alc = WS(rx, 4 * k + 1), pa = WS(p, a), pbv = WS(p, b), dk = pa - pbv;
            WS(diff, k) = dk;
            WS(p, a) = al * pa + alc * pbv;
            WS(p, b) = alc * pa + al * pbv;
            if (tangent) {
                REAL pda = WS(pd, a), pdb = WS(pd, b), ddk = pda - pdb;
                WS(diffd, k) = ddk;
                WS(pd, a) = WS(ald, k) * dk + al * pda + alc * pdb;
                WS(pd, b) = -WS(ald, k) * dk + alc * pda + al * pdb;
            }
        }
        if (flags & SORT_PERM) for (int i = 0; i < n; i++) perm[j * n + i] = WS(p, i);
        if (!needLoss) continue;
        int target = rk[j];
        REAL rowTotal = (REAL) 0; /* per-row partial sums keep float32 accumulation error ~ 2n ulp, not n² */
        for (int i = 0; i < n; i++) {
            NAME(sort_bce)(WS(p, i), i == target, n, f3);
            rowTotal += f3[0];
            WS(e, i) = f3[1];
            if (tangent) WS(ed, i) = f3[2] * WS(pd, i);
        }
        total += rowTotal;
        for (int k = ncomp - 1; k >= 0; k--) {
            int a = comps[2 * k], b = comps[2 * k + 1];
            REAL al = WS(rx, 4 * k), alc = WS(rx, 4 * k + 1), ea = WS(e, a), eb = WS(e, b), ek = ea - eb;
            WS(abarP, k) += ek * WS(diff, k);
            WS(e, a) = al * ea + alc * eb;
            WS(e, b) = alc * ea + al * eb;
            if (tangent) {
                REAL eda = WS(ed, a), edb = WS(ed, b), edk = eda - edb;
                WS(abarPd, k) += edk * WS(diff, k) + ek * WS(diffd, k);
                WS(ed, a) = WS(ald, k) * ek + al * eda + alc * edb;
                WS(ed, b) = -WS(ald, k) * ek + alc * eda + al * edb;
            }
        }
    }
    if (flags & SORT_LOSS) loss[0] = total;
    if (!(flags & SORT_GRAD) && !tangent) return;
    /* 3. values backward */
    for (int i = 0; i < n; i++) { WS(vb, i) = (REAL) 0; WS(vbd, i) = (REAL) 0; }
    for (int k = ncomp - 1; k >= 0; k--) {
        int a = comps[2 * k], b = comps[2 * k + 1];
        REAL al = WS(rx, 4 * k), alc = WS(rx, 4 * k + 1), s1 = WS(rx, 4 * k + 2), s2 = WS(rx, 4 * k + 3), dk = WS(d, k);
        REAL vba = WS(vb, a), vbb = WS(vb, b), wv = vba - vbb;
        REAL abar = WS(abarP, k) - dk * wv, dbar = abar * s1;
        WS(vb, a) = al * vba + alc * vbb - dbar;
        WS(vb, b) = alc * vba + al * vbb + dbar;
        if (tangent) {
            REAL vbda = WS(vbd, a), vbdb = WS(vbd, b), wd = vbda - vbdb;
            REAL abard = WS(abarPd, k) - WS(dd, k) * wv - dk * wd;
            REAL dbard = abard * s1 + abar * s2 * WS(dd, k);
            WS(vbd, a) = WS(ald, k) * wv + al * vbda + alc * vbdb - dbard;
            WS(vbd, b) = -WS(ald, k) * wv + alc * vbda + al * vbdb + dbard;
        }
    }
    if (flags & SORT_GRAD) for (int i = 0; i < n; i++) grad[i] = WS(vb, i);
    if (tangent) for (int i = 0; i < n; i++) hu[i] = WS(vbd, i);
}

/* ---------------------------------------------------------------- NeuralSort / SoftSort */

/* Row i's z̄ into s̄ (SoftSort) or into NeuralSort's partial sums (s̄ += c_i z̄/τ, colsum += z̄). */
DEVICE_FN void NAME(sort_row_adjoint)(int neural, GLOBAL const REAL *s, int n, REAL ci, int pi,
                                      GLOBAL const REAL *zbar, GLOBAL REAL *sbar, GLOBAL REAL *colsum, REAL tau, i64 ps) {
    if (neural) {
        for (int j = 0; j < n; j++) { WS(sbar, j) += ci * WS(zbar, j) / tau; WS(colsum, j) += WS(zbar, j); }
    } else {
        REAL self = (REAL) 0;
        for (int j = 0; j < n; j++) {
            REAL g = NAME(sort_sgn)(WS(s, pi) - WS(s, j)) * WS(zbar, j) / tau;
            WS(sbar, j) += g;
            self -= g;
        }
        WS(sbar, pi) += self;
    }
}

DEVICE_FN void NAME(sort_neural_finish)(GLOBAL const REAL *s, int n, GLOBAL REAL *sbar, GLOBAL const REAL *wsum, REAL tau, i64 ps) {
    for (int m = 0; m < n; m++) {
        REAL t = (REAL) 0;
        for (int l = 0; l < n; l++) t += (WS(wsum, m) + WS(wsum, l)) * NAME(sort_sgn)(WS(s, m) - WS(s, l));
        WS(sbar, m) += -t / tau;
    }
}

DEVICE_FN void NAME(sort_softmax)(GLOBAL const REAL *x, GLOBAL const int *rk, int n, int neural, REAL tau,
                                  int tangent, int flags, GLOBAL REAL *perm, GLOBAL REAL *sorted,
                                  GLOBAL REAL *loss, GLOBAL REAL *grad, GLOBAL REAL *hu, GLOBAL REAL *w, i64 ps) {
    GLOBAL REAL *s = w, *vd = s + n * ps, *bsum = vd + n * ps, *bd = bsum + n * ps, *sbar = bd + n * ps, *sbard = sbar + n * ps;
    GLOBAL REAL *acc1 = sbard + n * ps, *acc2 = acc1 + n * ps, *row = acc2 + n * ps, *rowd = row + n * ps, *rowb = rowd + n * ps;
    GLOBAL REAL *rowbd = rowb + n * ps, *e = rowbd + n * ps, *ed = e + n * ps, *order = ed + n * ps;
    REAL f3[3];
    for (int j = 0; j < n; j++) WS(s, j) = -x[j];
    if (!neural) { /* stable descending insertion sort of indices */
        for (int i = 0; i < n; i++) {
            int j = i;
            while (j > 0 && WS(s, (int) WS(order, j - 1)) < WS(s, i)) { WS(order, j) = WS(order, j - 1); j--; }
            WS(order, j) = (REAL) i;
        }
    } else {
        for (int j = 0; j < n; j++) {
            REAL t = (REAL) 0;
            for (int l = 0; l < n; l++) t += fabs(WS(s, j) - WS(s, l));
            WS(bsum, j) = t;
        }
        if (tangent) for (int j = 0; j < n; j++) {
            REAL t = (REAL) 0;
            for (int l = 0; l < n; l++) t += NAME(sort_sgn)(WS(s, j) - WS(s, l)) * (WS(vd, j) - WS(vd, l));
            WS(bd, j) = t;
        }
    }
    int needLoss = (flags & (SORT_LOSS | SORT_GRAD)) || tangent;
    for (int j = 0; j < n; j++) { WS(sbar, j) = (REAL) 0; WS(sbard, j) = (REAL) 0; WS(acc1, j) = (REAL) 0; WS(acc2, j) = (REAL) 0; }
    REAL total = (REAL) 0;
    for (int i = 0; i < n; i++) {
        REAL ci = (REAL) (n - 1 - 2 * i);
        /* pi (the row's pivot wire) is read only by SoftSort; NeuralSort gets 0, a valid index, never -1 */
        int pi = neural ? 0 : (int) WS(order, i);
        for (int j = 0; j < n; j++) WS(row, j) = neural ? (ci * WS(s, j) - WS(bsum, j)) / tau : -fabs(WS(s, pi) - WS(s, j)) / tau;
        REAL zmax = WS(row, 0);
        for (int j = 1; j < n; j++) zmax = fmax(zmax, WS(row, j));
        REAL sum = (REAL) 0;
        for (int j = 0; j < n; j++) { WS(row, j) = exp(WS(row, j) - zmax); sum += WS(row, j); }
        for (int j = 0; j < n; j++) WS(row, j) /= sum;
        if (flags & SORT_PERM) for (int j = 0; j < n; j++) perm[j * n + i] = WS(row, j);
        if (flags & SORT_SORTED) {
            REAL t = (REAL) 0;
            for (int j = 0; j < n; j++) t += x[j] * WS(row, j);
            sorted[i] = t;
        }
        if (!needLoss) continue;
        REAL mu = (REAL) 0, rowTotal = (REAL) 0;
        for (int j = 0; j < n; j++) {
            NAME(sort_bce)(WS(row, j), rk[j] == i, n, f3);
            rowTotal += f3[0];
            WS(rowb, j) = f3[1];
            WS(e, j) = f3[2];
            mu += WS(row, j) * f3[1];
        }
        total += rowTotal;
        if (tangent) {
            REAL qz = (REAL) 0;
            for (int j = 0; j < n; j++) {
                REAL zd = neural ? (ci * WS(vd, j) - WS(bd, j)) / tau : -NAME(sort_sgn)(WS(s, pi) - WS(s, j)) * (WS(vd, pi) - WS(vd, j)) / tau;
                WS(rowd, j) = zd;
                qz += WS(row, j) * zd;
            }
            REAL mud = (REAL) 0;
            for (int j = 0; j < n; j++) {
                REAL qd = WS(row, j) * (WS(rowd, j) - qz);
                WS(rowd, j) = qd;
                WS(ed, j) = WS(e, j) * qd;
                mud += qd * WS(rowb, j) + WS(row, j) * WS(ed, j);
            }
            for (int j = 0; j < n; j++) WS(rowbd, j) = WS(rowd, j) * (WS(rowb, j) - mu) + WS(row, j) * (WS(ed, j) - mud);
            NAME(sort_row_adjoint)(neural, s, n, ci, pi, rowbd, sbard, acc2, tau, ps);
        }
        for (int j = 0; j < n; j++) WS(rowb, j) = WS(row, j) * (WS(rowb, j) - mu);
        NAME(sort_row_adjoint)(neural, s, n, ci, pi, rowb, sbar, acc1, tau, ps);
    }
    if (flags & SORT_LOSS) loss[0] = total;
    if (neural && needLoss) {
        NAME(sort_neural_finish)(s, n, sbar, acc1, tau, ps);
        if (tangent) NAME(sort_neural_finish)(s, n, sbard, acc2, tau, ps);
    }
    if (flags & SORT_GRAD) for (int j = 0; j < n; j++) grad[j] = -WS(sbar, j);
    if (tangent) for (int j = 0; j < n; j++) hu[j] = WS(sbard, j);
}

KERNEL void NAME(rank_eval)(GLOBAL const REAL *x, GLOBAL const int *ranks, GLOBAL const int *comps, int ncomp,
                            GLOBAL REAL *perm, GLOBAL REAL *sorted, GLOBAL REAL *loss, GLOBAL REAL *grad,
                            GLOBAL REAL *hout, GLOBAL const REAL *dirs, GLOBAL REAL *scratch, i64 stride, int interleave,
                            int n, int algo, int relax, REAL beta, REAL lambda, REAL tau,
                            i64 first, int count, int ndir, int flags) {
    i64 item = GLOBAL_ID;
    if (item >= (i64) count * ndir) return;
    i64 within = item / ndir;
    int dir = (int) (item - within * ndir);
    i64 smp = first + within;
    int tangent = (flags & (SORT_HESS | SORT_HVP)) != 0;
    /* only direction 0 writes the primal outputs */
    int f = dir == 0 ? flags : (flags & (SORT_HESS | SORT_HVP));
    /* interleaved workspaces (element i of item t at scratch[i * items + t]) are coalesced on GPUs, since
     * all items run the same comparator sequence in lockstep; CPU devices prefer contiguous ones (pitch 1) */
    i64 ps = interleave ? (i64) count * ndir : (i64) 1;
    GLOBAL REAL *w = interleave ? scratch + item : scratch + item * stride;
    /* the direction sits in the wire-tangent slot of the workspace (vd) */
    GLOBAL REAL *vd = algo == 0 ? w + ((i64) 11 * ncomp + n) * ps : w + (i64) n * ps;
    if (flags & SORT_HESS) for (int i = 0; i < n; i++) vd[i * ps] = i == dir ? (REAL) 1 : (REAL) 0;
    else if (flags & SORT_HVP) for (int i = 0; i < n; i++) vd[i * ps] = dirs[smp * n + i];
    GLOBAL REAL *hu = (flags & SORT_HESS) ? hout + (smp * n + dir) * n : hout + smp * n;
    GLOBAL const REAL *xs = x + smp * n;
    GLOBAL const int *rs = ranks + smp * n;
    if (algo == 0)
        NAME(sort_network)(xs, rs, comps, ncomp, n, relax, beta, lambda, tangent, f, perm + smp * n * n,
                           sorted + smp * n, loss + smp, grad + smp * n, hu, w, ps);
    else
        NAME(sort_softmax)(xs, rs, n, algo == 1, tau, tangent, f, perm + smp * n * n, sorted + smp * n,
                           loss + smp, grad + smp * n, hu, w, ps);
}
