/*
 * linalg.h — batched small symmetric solves (one body for CUDA and OpenCL).
 *
 * Layouts: matrices B×m×m row-major, only the LOWER triangle is read; right-hand sides and
 * solutions B×m; status B ints (linalg_status.h). The damping λ is added to the diagonal.
 *
 * Kernels:
 *   chol_solve_small   one thread per matrix, several matrices per group staged in local memory
 *                      (coalesced load and store; for m <= 16)
 *   chol_solve_local   one group per matrix, factor in local memory (m*m fits)
 *   chol_solve_global  one group per matrix, factor in a global workspace (large m)
 *   chol_factor_global one group factors one matrix into L (for "solve against the batch mean")
 *   chol_solve_factored one thread per right-hand side against a single factor L
 *   mean_partial / mean_finish   Ā = mean_b A_b in two stages (no float atomics needed)
 *   eig_decompose      one group per matrix: cyclic Jacobi eigendecomposition (V, Λ)
 *   eig_apply          one thread per rhs: x = V f(Λ) Vᵀ r, f = 1/(λ_i+λ) (exact) or 1/(|λ_i|+λ)
 *                      (absolute), against per-matrix or one shared decomposition
 */
#include "linalg_status.h"

/* ---- one matrix, one thread: in-place Cholesky of S (lower), solve into y ---- */
DEVICE_FN int NAME(chol_thread)(LOCAL REAL *S, LOCAL REAL *y, int m, REAL lambda) {
    REAL maxdiag = (REAL) 0;
    for (int i = 0; i < m; i++) {
        for (int j = 0; j <= i; j++) if (!IS_FINITE(S[i * m + j])) return STATUS_NON_FINITE;
        if (!IS_FINITE(y[i])) return STATUS_NON_FINITE;
        S[i * m + i] += lambda;
        maxdiag = fmax(maxdiag, fabs(S[i * m + i]));
    }
    REAL tol = (REAL) (m * SINGULAR_PIVOT_FACTOR) * EPS_OF(REAL) * maxdiag;
    for (int k = 0; k < m; k++) {
        REAL d = S[k * m + k];
        for (int p = 0; p < k; p++) d -= S[k * m + p] * S[k * m + p];
        if (!IS_FINITE(d)) return STATUS_NON_FINITE;
        if (!(d > tol)) return d >= -tol ? STATUS_SINGULAR : STATUS_NOT_POSITIVE_DEFINITE;
        REAL l = sqrt(d);
        S[k * m + k] = l;
        for (int i = k + 1; i < m; i++) {
            REAL v = S[i * m + k];
            for (int p = 0; p < k; p++) v -= S[i * m + p] * S[k * m + p];
            S[i * m + k] = v / l;
        }
    }
    for (int i = 0; i < m; i++) {            /* L z = r */
        REAL v = y[i];
        for (int p = 0; p < i; p++) v -= S[i * m + p] * y[p];
        y[i] = v / S[i * m + i];
    }
    for (int i = m - 1; i >= 0; i--) {       /* Lᵀ x = z */
        REAL v = y[i];
        for (int p = i + 1; p < m; p++) v -= S[p * m + i] * y[p];
        y[i] = v / S[i * m + i];
    }
    return STATUS_OK;
}

/* Local memory: per group T*(m*m + m) REALs, T = group size. */
KERNEL void NAME(chol_solve_small)(GLOBAL const REAL *A, GLOBAL const REAL *R, GLOBAL REAL *X,
                                   GLOBAL int *status, i64 batch, int m, REAL lambda SCRATCH_PARAM) {
    SCRATCH_DECL
    LOCAL REAL *Sm = (LOCAL REAL *) scratch;
    const int T = GROUP_SIZE;
    LOCAL REAL *Y = Sm + (i64) T * m * m;
    const i64 first = (i64) GROUP_ID * T;
    const i64 count = batch - first < T ? batch - first : T;
    const i64 mm = (i64) m * m;
    for (i64 e = LOCAL_ID; e < count * mm; e += T) Sm[e] = A[first * mm + e];   /* coalesced */
    for (i64 e = LOCAL_ID; e < count * m; e += T) Y[e] = R[first * m + e];
    BARRIER();
    if (LOCAL_ID < count) {
        LOCAL REAL *y = Y + (i64) LOCAL_ID * m;
        int s = NAME(chol_thread)(Sm + LOCAL_ID * mm, y, m, lambda);
        if (s != STATUS_OK) for (int i = 0; i < m; i++) y[i] = NAN;
        status[first + LOCAL_ID] = s;
    }
    BARRIER();
    for (i64 e = LOCAL_ID; e < count * m; e += T) X[first * m + e] = Y[e];
}

/* ---- one matrix, one group: the cooperative right-looking variants, in local or global space ---- */
#define SPACE LOCAL
#define GVARIANT(f) NAME_CAT(f##_local, SUFFIX)
#define GROUP_MATRIX(local, work, offset) (local)
#include "linalg_group.h"
#undef SPACE
#undef GVARIANT
#undef GROUP_MATRIX
#define SPACE GLOBAL
#define GVARIANT(f) NAME_CAT(f##_global, SUFFIX)
#define GROUP_MATRIX(local, work, offset) ((work) + (offset))
#include "linalg_group.h"
#undef SPACE
#undef GVARIANT
#undef GROUP_MATRIX

/* One group factors (A + λI) into L (global, lower) for the batch-mean solve. scratch: m + 2 REALs. */
KERNEL void NAME(chol_factor_global)(GLOBAL const REAL *A, GLOBAL REAL *L, GLOBAL int *status, int m,
                                     REAL lambda SCRATCH_PARAM) {
    SCRATCH_DECL
    LOCAL REAL *sh = (LOCAL REAL *) scratch;
    int st = NAME_CAT(chol_group_load_global, SUFFIX)(A, 0, L, sh + 2, sh, m, lambda)
             ? STATUS_NON_FINITE : NAME_CAT(chol_group_factor_global, SUFFIX)(L, m, sh);
    if (LOCAL_ID == 0) status[0] = st;
}

/* Solves every right-hand side against one factor L (m×m lower, from chol_factor_global). */
KERNEL void NAME(chol_solve_factored)(GLOBAL const REAL *L, GLOBAL const int *factor_status,
                                      GLOBAL const REAL *R, GLOBAL REAL *X, GLOBAL int *status,
                                      i64 batch, int m) {
    for (i64 b = GLOBAL_ID; b < batch; b += GLOBAL_SIZE) {
        GLOBAL const REAL *r = R + b * m;
        GLOBAL REAL *x = X + b * m;
        int s = factor_status[0];
        for (int i = 0; i < m && s == STATUS_OK; i++) if (!IS_FINITE(r[i])) s = STATUS_NON_FINITE;
        if (s != STATUS_OK) {
            for (int i = 0; i < m; i++) x[i] = NAN;
            status[b] = s;
            continue;
        }
        for (int i = 0; i < m; i++) {
            REAL v = r[i];
            for (int p = 0; p < i; p++) v -= L[i * m + p] * x[p];
            x[i] = v / L[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            REAL v = x[i];
            for (int p = i + 1; p < m; p++) v -= L[p * m + i] * x[p];
            x[i] = v / L[i * m + i];
        }
        status[b] = STATUS_OK;
    }
}

/* Stage 1 of the batch mean: group g sums matrices [g*chunk, (g+1)*chunk) into partial[g]. */
KERNEL void NAME(mean_partial)(GLOBAL const REAL *A, GLOBAL REAL *partial, i64 batch, int m, i64 chunk) {
    const i64 mm = (i64) m * m;
    const i64 b0 = (i64) GROUP_ID * chunk;
    const i64 b1 = b0 + chunk < batch ? b0 + chunk : batch;
    for (i64 e = LOCAL_ID; e < mm; e += GROUP_SIZE) {
        REAL s = (REAL) 0;
        for (i64 b = b0; b < b1; b++) s += A[b * mm + e];
        partial[(i64) GROUP_ID * mm + e] = s;
    }
}

/* Stage 2: out = (Σ_g partial[g]) / batch. */
KERNEL void NAME(mean_finish)(GLOBAL const REAL *partial, GLOBAL REAL *out, int parts, int m, i64 batch) {
    const i64 mm = (i64) m * m;
    for (i64 e = GLOBAL_ID; e < mm; e += GLOBAL_SIZE) {
        REAL s = (REAL) 0;
        for (int g = 0; g < parts; g++) s += partial[(i64) g * mm + e];
        out[e] = s / (REAL) batch;
    }
}

/*
 * Jacobi eigendecomposition, one group per matrix: vectors_b (m×m, columns are eigenvectors) and
 * eigenvalues_b. Rotations are applied in two barrier-separated phases (columns, then rows) so
 * threads never race. work: per group m*m REALs for S. scratch: 4 REALs.
 */
KERNEL void NAME(eig_decompose)(GLOBAL const REAL *A, GLOBAL REAL *vectors, GLOBAL REAL *eigenvalues,
                                GLOBAL int *status, GLOBAL REAL *work, i64 batch, int m, int max_sweeps SCRATCH_PARAM) {
    SCRATCH_DECL
    LOCAL REAL *sh = (LOCAL REAL *) scratch;         /* [0]=c [1]=s [2]=converged [3]=non-finite flag */
    const int lid = LOCAL_ID, gs = GROUP_SIZE;
    const i64 mm = (i64) m * m;
    GLOBAL REAL *S = work + (i64) GROUP_ID * mm;
    for (i64 b = GROUP_ID; b < batch; b += NUM_GROUPS) {
        GLOBAL const REAL *a = A + b * mm;
        GLOBAL REAL *V = vectors + b * mm;
        if (lid == 0) sh[3] = (REAL) 0;
        BARRIER();
        int bad = 0;
        for (i64 e = lid; e < mm; e += gs) {
            const int i = (int) (e / m), j = (int) (e % m);
            const REAL v = j <= i ? a[i * m + j] : a[j * m + i];   /* symmetrise from the lower triangle */
            if (!IS_FINITE(v)) bad = 1;
            S[e] = v;
            V[e] = i == j ? (REAL) 1 : (REAL) 0;
        }
        if (bad) sh[3] = (REAL) 1;
        BARRIER();
        if (sh[3] != (REAL) 0) {
            for (int i = lid; i < m; i += gs) eigenvalues[b * m + i] = NAN;
            if (lid == 0) status[b] = STATUS_NON_FINITE;
            BARRIER();
            continue;
        }
        for (int sweep = 0; sweep < max_sweeps; sweep++) {
            if (lid == 0) {
                REAL off = (REAL) 0, diag = (REAL) 0;
                for (int i = 0; i < m; i++) {
                    diag += S[i * m + i] * S[i * m + i];
                    for (int j = 0; j < i; j++) off += S[i * m + j] * S[i * m + j];
                }
                sh[2] = off <= EPS_OF(REAL) * EPS_OF(REAL) * (diag + off) ? (REAL) 1 : (REAL) 0;
            }
            BARRIER();
            if (sh[2] != (REAL) 0) break;
            for (int p = 0; p < m - 1; p++) {
                for (int q = p + 1; q < m; q++) {
                    if (lid == 0) {
                        const REAL apq = S[p * m + q];
                        REAL c = (REAL) 1, s = (REAL) 0;
                        if (apq != (REAL) 0) {
                            const REAL theta = (S[q * m + q] - S[p * m + p]) / ((REAL) 2 * apq);
                            const REAL t = (theta >= (REAL) 0 ? (REAL) 1 : (REAL) -1)
                                           / (fabs(theta) + sqrt(theta * theta + (REAL) 1));
                            c = (REAL) 1 / sqrt(t * t + (REAL) 1);
                            s = t * c;
                        }
                        sh[0] = c; sh[1] = s;
                    }
                    BARRIER();
                    const REAL c = sh[0], s = sh[1];
                    if (s != (REAL) 0) {
                        for (int k = lid; k < m; k += gs) {        /* columns p, q of S and V */
                            const REAL skp = S[k * m + p], skq = S[k * m + q];
                            S[k * m + p] = c * skp - s * skq;
                            S[k * m + q] = s * skp + c * skq;
                            const REAL vkp = V[k * m + p], vkq = V[k * m + q];
                            V[k * m + p] = c * vkp - s * vkq;
                            V[k * m + q] = s * vkp + c * vkq;
                        }
                        BARRIER();
                        for (int k = lid; k < m; k += gs) {        /* rows p, q of S */
                            const REAL spk = S[p * m + k], sqk = S[q * m + k];
                            S[p * m + k] = c * spk - s * sqk;
                            S[q * m + k] = s * spk + c * sqk;
                        }
                    }
                    BARRIER();
                }
            }
        }
        for (int i = lid; i < m; i += gs) eigenvalues[b * m + i] = S[i * m + i];
        if (lid == 0) status[b] = STATUS_OK;
        BARRIER();
    }
}

/*
 * x_b = V f(Λ) Vᵀ r_b with f(λ) = 1/(λ+damping) or 1/(|λ|+damping); one thread per right-hand side.
 * The decomposition used is number b*stride (stride 0: one shared decomposition). W: B×m scratch.
 * A denominator at or below m*eps*max(|λ|+|damping|) is singular.
 */
KERNEL void NAME(eig_apply)(GLOBAL const REAL *vectors, GLOBAL const REAL *eigenvalues, GLOBAL const int *eig_status,
                            int stride, GLOBAL const REAL *R, GLOBAL REAL *X, GLOBAL REAL *W, GLOBAL int *status,
                            i64 batch, int m, REAL damping, int absolute) {
    const i64 mm = (i64) m * m;
    for (i64 b = GLOBAL_ID; b < batch; b += GLOBAL_SIZE) {
        const i64 d = b * stride;
        GLOBAL const REAL *V = vectors + d * mm;
        GLOBAL const REAL *ev = eigenvalues + d * m;
        GLOBAL const REAL *r = R + b * m;
        GLOBAL REAL *w = W + b * m;
        GLOBAL REAL *x = X + b * m;
        int st = eig_status[d];
        REAL maxabs = (REAL) 0;
        for (int i = 0; i < m; i++) maxabs = fmax(maxabs, fabs(ev[i]) + fabs(damping));
        const REAL tol = (REAL) (m * SINGULAR_PIVOT_FACTOR) * EPS_OF(REAL) * maxabs;
        for (int i = 0; i < m && st == STATUS_OK; i++) {
            if (!IS_FINITE(r[i])) st = STATUS_NON_FINITE;
            const REAL den = (absolute ? fabs(ev[i]) : ev[i]) + damping;
            if (st == STATUS_OK && !(fabs(den) > tol)) st = STATUS_SINGULAR;
        }
        if (st != STATUS_OK) {
            for (int i = 0; i < m; i++) x[i] = NAN;
            status[b] = st;
            continue;
        }
        for (int k = 0; k < m; k++) {
            REAL v = (REAL) 0;
            for (int j = 0; j < m; j++) v += V[j * m + k] * r[j];
            w[k] = v / ((absolute ? fabs(ev[k]) : ev[k]) + damping);
        }
        for (int i = 0; i < m; i++) {
            REAL v = (REAL) 0;
            for (int k = 0; k < m; k++) v += V[i * m + k] * w[k];
            x[i] = v;
        }
        status[b] = STATUS_OK;
    }
}
