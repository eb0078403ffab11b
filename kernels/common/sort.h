/*
 * sort.h — differentiable sorting and ranking (DESIGN §4): relaxed sorting networks (six relaxations),
 * NeuralSort and SoftSort. Per sample: relaxed permutation P (P[j][i] = prob. element j lands at rank i,
 * ascending), sorted values, BCE ranking loss vs integer ranks, gradient, exact Hessian columns and HVPs.
 *
 * The arithmetic mirrors the CPU reference org.newton4j.sort.RankingSample line by line; read its
 * comments for the derivation. One work-item per (sample, direction): direction c of a full Hessian is
 * the HVP along e_c (forward-over-reverse); item c = 0 also writes the primal outputs, so P, sorted
 * values, loss, gradient and Hessian come from one launch. A network comparator touches two entries of
 * each P row (O(n) per comparator); per-item workspace lives in global scratch (stride REALs per item).
 *
 * Kernel: rank_eval(x, ranks, comps, ncomp, perm, sorted, loss, grad, hout, dirs, scratch, stride,
 *                   n, algo, relax, beta, lambda, tau, first, count, ndir, flags)
 *   algo: 0 sorting network, 1 NeuralSort, 2 SoftSort; relax: org.newton4j.sort.Relaxation#code.
 *   flags: 1 perm, 2 sorted, 4 loss, 8 grad, 16 full Hessian (ndir = n, hout N×n×n),
 *          32 HVP along dirs (ndir = 1, hout N×n).
 *   Items cover samples first .. first+count−1 (a streamed chunk); scratch is indexed within the chunk.
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
DEVICE_FN void NAME(sort_relax)(int relax, REAL d, REAL beta, REAL lambda, GLOBAL REAL *r) {
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
    r[0] = a; r[1] = ab; r[2] = s1; r[3] = s2;
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

/* ---------------------------------------------------------------- sorting networks */

DEVICE_FN void NAME(sort_network)(GLOBAL const REAL *x, GLOBAL const int *rk, GLOBAL const int *comps, int ncomp,
                                  int n, int relax, REAL beta, REAL lambda, int tangent, int flags,
                                  GLOBAL REAL *perm, GLOBAL REAL *sorted, GLOBAL REAL *loss, GLOBAL REAL *grad,
                                  GLOBAL REAL *hu, GLOBAL REAL *w) {
    GLOBAL REAL *d = w, *rx = d + ncomp, *diff = rx + 4 * ncomp, *abarP = diff + ncomp;
    GLOBAL REAL *dd = abarP + ncomp, *ald = dd + ncomp, *diffd = ald + ncomp, *abarPd = diffd + ncomp;
    GLOBAL REAL *v = abarPd + ncomp, *vd = v + n, *p = vd + n, *pd = p + n, *e = pd + n, *ed = e + n;
    GLOBAL REAL *vb = ed + n, *vbd = vb + n;
    REAL f3[3];
    for (int i = 0; i < n; i++) v[i] = x[i];
    /* 1. values forward */
    for (int k = 0; k < ncomp; k++) {
        int a = comps[2 * k], b = comps[2 * k + 1];
        REAL dk = v[b] - v[a];
        d[k] = dk;
        NAME(sort_relax)(relax, dk, beta, lambda, rx + 4 * k);
        REAL al = rx[4 * k], alc = rx[4 * k + 1], va = v[a], vbv = v[b];
        v[a] = al * va + alc * vbv;
        v[b] = alc * va + al * vbv;
        if (tangent) {
            REAL ddk = vd[b] - vd[a], aldk = rx[4 * k + 2] * ddk, vda = vd[a], vdb = vd[b];
            dd[k] = ddk; ald[k] = aldk;
            vd[a] = -aldk * dk + al * vda + alc * vdb;
            vd[b] = aldk * dk + alc * vda + al * vdb;
        }
    }
    if (flags & SORT_SORTED) for (int i = 0; i < n; i++) sorted[i] = v[i];
    int needLoss = (flags & (SORT_LOSS | SORT_GRAD)) || tangent;
    if (!(flags & SORT_PERM) && !needLoss) return;
    /* 2. rows of P */
    for (int k = 0; k < ncomp; k++) { abarP[k] = (REAL) 0; if (tangent) abarPd[k] = (REAL) 0; }
    REAL total = (REAL) 0;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) { p[i] = i == j ? (REAL) 1 : (REAL) 0; if (tangent) pd[i] = (REAL) 0; }
        for (int k = 0; k < ncomp; k++) {
            int a = comps[2 * k], b = comps[2 * k + 1];
            REAL al = rx[4 * k], alc = rx[4 * k + 1], pa = p[a], pbv = p[b], dk = pa - pbv;
            diff[k] = dk;
            p[a] = al * pa + alc * pbv;
            p[b] = alc * pa + al * pbv;
            if (tangent) {
                REAL pda = pd[a], pdb = pd[b], ddk = pda - pdb;
                diffd[k] = ddk;
                pd[a] = ald[k] * dk + al * pda + alc * pdb;
                pd[b] = -ald[k] * dk + alc * pda + al * pdb;
            }
        }
        if (flags & SORT_PERM) for (int i = 0; i < n; i++) perm[j * n + i] = p[i];
        if (!needLoss) continue;
        int target = rk[j];
        REAL rowTotal = (REAL) 0; /* per-row partial sums keep float32 accumulation error ~ 2n ulp, not n² */
        for (int i = 0; i < n; i++) {
            NAME(sort_bce)(p[i], i == target, n, f3);
            rowTotal += f3[0];
            e[i] = f3[1];
            if (tangent) ed[i] = f3[2] * pd[i];
        }
        total += rowTotal;
        for (int k = ncomp - 1; k >= 0; k--) {
            int a = comps[2 * k], b = comps[2 * k + 1];
            REAL al = rx[4 * k], alc = rx[4 * k + 1], ea = e[a], eb = e[b], ek = ea - eb;
            abarP[k] += ek * diff[k];
            e[a] = al * ea + alc * eb;
            e[b] = alc * ea + al * eb;
            if (tangent) {
                REAL eda = ed[a], edb = ed[b], edk = eda - edb;
                abarPd[k] += edk * diff[k] + ek * diffd[k];
                ed[a] = ald[k] * ek + al * eda + alc * edb;
                ed[b] = -ald[k] * ek + alc * eda + al * edb;
            }
        }
    }
    if (flags & SORT_LOSS) loss[0] = total;
    if (!(flags & SORT_GRAD) && !tangent) return;
    /* 3. values backward */
    for (int i = 0; i < n; i++) { vb[i] = (REAL) 0; vbd[i] = (REAL) 0; }
    for (int k = ncomp - 1; k >= 0; k--) {
        int a = comps[2 * k], b = comps[2 * k + 1];
        REAL al = rx[4 * k], alc = rx[4 * k + 1], s1 = rx[4 * k + 2], s2 = rx[4 * k + 3], dk = d[k];
        REAL vba = vb[a], vbb = vb[b], wv = vba - vbb;
        REAL abar = abarP[k] - dk * wv, dbar = abar * s1;
        vb[a] = al * vba + alc * vbb - dbar;
        vb[b] = alc * vba + al * vbb + dbar;
        if (tangent) {
            REAL vbda = vbd[a], vbdb = vbd[b], wd = vbda - vbdb;
            REAL abard = abarPd[k] - dd[k] * wv - dk * wd;
            REAL dbard = abard * s1 + abar * s2 * dd[k];
            vbd[a] = ald[k] * wv + al * vbda + alc * vbdb - dbard;
            vbd[b] = -ald[k] * wv + alc * vbda + al * vbdb + dbard;
        }
    }
    if (flags & SORT_GRAD) for (int i = 0; i < n; i++) grad[i] = vb[i];
    if (tangent) for (int i = 0; i < n; i++) hu[i] = vbd[i];
}

/* ---------------------------------------------------------------- NeuralSort / SoftSort */

/* Row i's z̄ into s̄ (SoftSort) or into NeuralSort's partial sums (s̄ += c_i z̄/τ, colsum += z̄). */
DEVICE_FN void NAME(sort_row_adjoint)(int neural, GLOBAL const REAL *s, int n, REAL ci, int pi,
                                      GLOBAL const REAL *zbar, GLOBAL REAL *sbar, GLOBAL REAL *colsum, REAL tau) {
    if (neural) {
        for (int j = 0; j < n; j++) { sbar[j] += ci * zbar[j] / tau; colsum[j] += zbar[j]; }
    } else {
        REAL self = (REAL) 0;
        for (int j = 0; j < n; j++) {
            REAL g = NAME(sort_sgn)(s[pi] - s[j]) * zbar[j] / tau;
            sbar[j] += g;
            self -= g;
        }
        sbar[pi] += self;
    }
}

DEVICE_FN void NAME(sort_neural_finish)(GLOBAL const REAL *s, int n, GLOBAL REAL *sbar, GLOBAL const REAL *wsum, REAL tau) {
    for (int m = 0; m < n; m++) {
        REAL t = (REAL) 0;
        for (int l = 0; l < n; l++) t += (wsum[m] + wsum[l]) * NAME(sort_sgn)(s[m] - s[l]);
        sbar[m] += -t / tau;
    }
}

DEVICE_FN void NAME(sort_softmax)(GLOBAL const REAL *x, GLOBAL const int *rk, int n, int neural, REAL tau,
                                  int tangent, int flags, GLOBAL REAL *perm, GLOBAL REAL *sorted,
                                  GLOBAL REAL *loss, GLOBAL REAL *grad, GLOBAL REAL *hu, GLOBAL REAL *w) {
    GLOBAL REAL *s = w, *vd = s + n, *bsum = vd + n, *bd = bsum + n, *sbar = bd + n, *sbard = sbar + n;
    GLOBAL REAL *acc1 = sbard + n, *acc2 = acc1 + n, *row = acc2 + n, *rowd = row + n, *rowb = rowd + n;
    GLOBAL REAL *rowbd = rowb + n, *e = rowbd + n, *ed = e + n, *order = ed + n;
    REAL f3[3];
    for (int j = 0; j < n; j++) s[j] = -x[j];
    if (!neural) { /* stable descending insertion sort of indices */
        for (int i = 0; i < n; i++) {
            int j = i;
            while (j > 0 && s[(int) order[j - 1]] < s[i]) { order[j] = order[j - 1]; j--; }
            order[j] = (REAL) i;
        }
    } else {
        for (int j = 0; j < n; j++) {
            REAL t = (REAL) 0;
            for (int l = 0; l < n; l++) t += fabs(s[j] - s[l]);
            bsum[j] = t;
        }
        if (tangent) for (int j = 0; j < n; j++) {
            REAL t = (REAL) 0;
            for (int l = 0; l < n; l++) t += NAME(sort_sgn)(s[j] - s[l]) * (vd[j] - vd[l]);
            bd[j] = t;
        }
    }
    int needLoss = (flags & (SORT_LOSS | SORT_GRAD)) || tangent;
    for (int j = 0; j < n; j++) { sbar[j] = (REAL) 0; sbard[j] = (REAL) 0; acc1[j] = (REAL) 0; acc2[j] = (REAL) 0; }
    REAL total = (REAL) 0;
    for (int i = 0; i < n; i++) {
        REAL ci = (REAL) (n - 1 - 2 * i);
        int pi = neural ? -1 : (int) order[i];
        for (int j = 0; j < n; j++) row[j] = neural ? (ci * s[j] - bsum[j]) / tau : -fabs(s[pi] - s[j]) / tau;
        REAL zmax = row[0];
        for (int j = 1; j < n; j++) zmax = fmax(zmax, row[j]);
        REAL sum = (REAL) 0;
        for (int j = 0; j < n; j++) { row[j] = exp(row[j] - zmax); sum += row[j]; }
        for (int j = 0; j < n; j++) row[j] /= sum;
        if (flags & SORT_PERM) for (int j = 0; j < n; j++) perm[j * n + i] = row[j];
        if (flags & SORT_SORTED) {
            REAL t = (REAL) 0;
            for (int j = 0; j < n; j++) t += x[j] * row[j];
            sorted[i] = t;
        }
        if (!needLoss) continue;
        REAL mu = (REAL) 0, rowTotal = (REAL) 0;
        for (int j = 0; j < n; j++) {
            NAME(sort_bce)(row[j], rk[j] == i, n, f3);
            rowTotal += f3[0];
            rowb[j] = f3[1];
            e[j] = f3[2];
            mu += row[j] * f3[1];
        }
        total += rowTotal;
        if (tangent) {
            REAL qz = (REAL) 0;
            for (int j = 0; j < n; j++) {
                REAL zd = neural ? (ci * vd[j] - bd[j]) / tau : -NAME(sort_sgn)(s[pi] - s[j]) * (vd[pi] - vd[j]) / tau;
                rowd[j] = zd;
                qz += row[j] * zd;
            }
            REAL mud = (REAL) 0;
            for (int j = 0; j < n; j++) {
                REAL qd = row[j] * (rowd[j] - qz);
                rowd[j] = qd;
                ed[j] = e[j] * qd;
                mud += qd * rowb[j] + row[j] * ed[j];
            }
            for (int j = 0; j < n; j++) rowbd[j] = rowd[j] * (rowb[j] - mu) + row[j] * (ed[j] - mud);
            NAME(sort_row_adjoint)(neural, s, n, ci, pi, rowbd, sbard, acc2, tau);
        }
        for (int j = 0; j < n; j++) rowb[j] = row[j] * (rowb[j] - mu);
        NAME(sort_row_adjoint)(neural, s, n, ci, pi, rowb, sbar, acc1, tau);
    }
    if (flags & SORT_LOSS) loss[0] = total;
    if (neural && needLoss) {
        NAME(sort_neural_finish)(s, n, sbar, acc1, tau);
        if (tangent) NAME(sort_neural_finish)(s, n, sbard, acc2, tau);
    }
    if (flags & SORT_GRAD) for (int j = 0; j < n; j++) grad[j] = -sbar[j];
    if (tangent) for (int j = 0; j < n; j++) hu[j] = sbard[j];
}

KERNEL void NAME(rank_eval)(GLOBAL const REAL *x, GLOBAL const int *ranks, GLOBAL const int *comps, int ncomp,
                            GLOBAL REAL *perm, GLOBAL REAL *sorted, GLOBAL REAL *loss, GLOBAL REAL *grad,
                            GLOBAL REAL *hout, GLOBAL const REAL *dirs, GLOBAL REAL *scratch, i64 stride,
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
    GLOBAL REAL *w = scratch + item * stride;
    /* the direction sits in the wire-tangent slot of the workspace (vd) */
    GLOBAL REAL *vd = algo == 0 ? w + (i64) 11 * ncomp + n : w + n;
    if (flags & SORT_HESS) for (int i = 0; i < n; i++) vd[i] = i == dir ? (REAL) 1 : (REAL) 0;
    else if (flags & SORT_HVP) for (int i = 0; i < n; i++) vd[i] = dirs[smp * n + i];
    GLOBAL REAL *hu = (flags & SORT_HESS) ? hout + (smp * n + dir) * n : hout + smp * n;
    GLOBAL const REAL *xs = x + smp * n;
    GLOBAL const int *rs = ranks + smp * n;
    if (algo == 0)
        NAME(sort_network)(xs, rs, comps, ncomp, n, relax, beta, lambda, tangent, f, perm + smp * n * n,
                           sorted + smp * n, loss + smp, grad + smp * n, hu, w);
    else
        NAME(sort_softmax)(xs, rs, n, algo == 1, tau, tangent, f, perm + smp * n * n, sorted + smp * n,
                           loss + smp, grad + smp * n, hu, w);
}
