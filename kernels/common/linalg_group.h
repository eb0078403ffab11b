/*
 * linalg_group.h — one work-group per matrix, right-looking Cholesky. Included by linalg.h twice:
 * SPACE = LOCAL (the matrix lives in local memory, scratch = m*m + m + 2 REALs) and
 * SPACE = GLOBAL (the matrix lives in the workspace `work`, B×m×m; scratch = m + 2 REALs).
 * GVARIANT(f) names the entry points f_local_f32, f_global_f64, ...; GROUP_MATRIX(local, work, offset)
 * says where a group's matrix lives.
 */

/* Factors S (lower) in place; every thread returns the same status. sh: 2 REALs of local scratch. */
DEVICE_FN int GVARIANT(chol_group_factor)(SPACE REAL *S, int m, LOCAL REAL *sh) {
    const int lid = LOCAL_ID, gs = GROUP_SIZE;
    if (lid == 0) {
        REAL maxdiag = (REAL) 0;
        for (int i = 0; i < m; i++) maxdiag = fmax(maxdiag, fabs(S[i * m + i]));
        sh[1] = (REAL) (m * SINGULAR_PIVOT_FACTOR) * EPS_OF(REAL) * maxdiag;
    }
    BARRIER();
    const REAL tol = sh[1];
    for (int k = 0; k < m; k++) {
        if (lid == 0) {
            REAL d = S[k * m + k];
            int st = !IS_FINITE(d) ? STATUS_NON_FINITE
                   : d > tol ? STATUS_OK : (d >= -tol ? STATUS_SINGULAR : STATUS_NOT_POSITIVE_DEFINITE);
            if (st == STATUS_OK) S[k * m + k] = sqrt(d);
            sh[0] = (REAL) st;
        }
        BARRIER();
        const int st = (int) sh[0];
        if (st != STATUS_OK) return st;
        const REAL l = S[k * m + k];
        for (int i = k + 1 + lid; i < m; i += gs) S[i * m + k] /= l;
        BARRIER();
        /* Trailing update S[i][j] -= L[i][k] L[j][k], k < j <= i, one element of the trailing */
        /* square per work-item (the upper half is skipped): neighbouring work-items take */
        /* neighbouring j (coalesced) and the work is balanced, where a row per work-item strides */
        /* by m and leaves the short rows' work-items idle. */
        const int t = m - k - 1;
        for (int e = lid; e < t * t; e += gs) {
            const int i = k + 1 + e / t, j = k + 1 + e % t;
            if (j <= i) S[i * m + j] -= S[i * m + k] * S[j * m + k];
        }
        BARRIER();
    }
    return STATUS_OK;
}

/* Solves L Lᵀ y = y in place (y in local memory). */
DEVICE_FN void GVARIANT(chol_group_substitute)(SPACE const REAL *S, LOCAL REAL *y, int m) {
    const int lid = LOCAL_ID, gs = GROUP_SIZE;
    for (int k = 0; k < m; k++) {
        if (lid == 0) y[k] /= S[k * m + k];
        BARRIER();
        const REAL yk = y[k];
        for (int i = k + 1 + lid; i < m; i += gs) y[i] -= S[i * m + k] * yk;
        BARRIER();
    }
    for (int k = m - 1; k >= 0; k--) {
        if (lid == 0) y[k] /= S[k * m + k];
        BARRIER();
        const REAL yk = y[k];
        for (int i = lid; i < k; i += gs) y[i] -= S[k * m + i] * yk;
        BARRIER();
    }
}

/* Loads A_b + λI (lower triangle) into S and r_b into y; returns 1 when any input is non-finite. */
DEVICE_FN int GVARIANT(chol_group_load)(GLOBAL const REAL *a, GLOBAL const REAL *r, SPACE REAL *S,
                                        LOCAL REAL *y, LOCAL REAL *sh, int m, REAL lambda) {
    const int lid = LOCAL_ID, gs = GROUP_SIZE;
    if (lid == 0) sh[0] = (REAL) 0;
    BARRIER();
    const i64 mm = (i64) m * m;
    int bad = 0;
    for (i64 e = lid; e < mm; e += gs) {
        const int i = (int) (e / m), j = (int) (e % m);
        if (j <= i) {
            REAL v = a[e] + (i == j ? lambda : (REAL) 0);
            if (!IS_FINITE(a[e])) bad = 1;
            S[e] = v;
        }
    }
    if (r != 0) for (int i = lid; i < m; i += gs) { y[i] = r[i]; if (!IS_FINITE(y[i])) bad = 1; }
    if (bad) sh[0] = (REAL) 1;   /* benign race: every writer stores the same value */
    BARRIER();
    const int any = sh[0] != (REAL) 0;
    BARRIER();
    return any;
}

/* One group per matrix: x_b = (A_b + λI)⁻¹ r_b. For SPACE = LOCAL, `work` is unused. */
KERNEL void GVARIANT(chol_solve)(GLOBAL const REAL *A, GLOBAL const REAL *R, GLOBAL REAL *X,
                                 GLOBAL int *status, GLOBAL REAL *work, i64 batch, int m, REAL lambda SCRATCH_PARAM) {
    SCRATCH_DECL
    LOCAL REAL *sh = (LOCAL REAL *) scratch;
    LOCAL REAL *y = sh + 2;
    const i64 mm = (i64) m * m;
    for (i64 b = GROUP_ID; b < batch; b += NUM_GROUPS) {
        SPACE REAL *S = GROUP_MATRIX(y + m, work, (i64) GROUP_ID * mm);
        int st = GVARIANT(chol_group_load)(A + b * mm, R + b * m, S, y, sh, m, lambda)
                 ? STATUS_NON_FINITE : GVARIANT(chol_group_factor)(S, m, sh);
        if (st == STATUS_OK) GVARIANT(chol_group_substitute)(S, y, m);
        for (int i = LOCAL_ID; i < m; i += GROUP_SIZE) X[b * m + i] = st == STATUS_OK ? y[i] : (REAL) NAN;
        if (LOCAL_ID == 0) status[b] = st;
        BARRIER();
    }
}
