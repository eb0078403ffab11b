/*
 * newton.h — the pieces of a Newton-loss step (DESIGN §6) besides the loss and the solves:
 * Fisher Gram matrices, the Woodbury identity, the per-sample Fisher closed form, the targets and
 * surrogate outputs, a sum reduction, and the closed-form losses (MSE, softmax cross-entropy).
 * Layouts: G, Y, D, Z are N×m row-major; matrices m×m or N×N row-major.
 */

/* F = scale · GᵀG (m×m); one thread per entry, lower triangle computed and mirrored. */
KERNEL void NAME(gram_columns)(GLOBAL const REAL *G, GLOBAL REAL *F, i64 n, int m, REAL scale) {
    const i64 mm = (i64) m * m;
    for (i64 e = GLOBAL_ID; e < mm; e += GLOBAL_SIZE) {
        const int j = (int) (e / m), k = (int) (e % m);
        if (k > j) continue;
        REAL s = (REAL) 0;
        for (i64 i = 0; i < n; i++) s += G[i * m + j] * G[i * m + k];
        F[(i64) j * m + k] = s * scale;
        F[(i64) k * m + j] = s * scale;
    }
}

/* K = GGᵀ (N×N); one thread per entry. */
KERNEL void NAME(gram_rows)(GLOBAL const REAL *G, GLOBAL REAL *K, int n, int m) {
    const i64 nn = (i64) n * n;
    for (i64 e = GLOBAL_ID; e < nn; e += GLOBAL_SIZE) {
        const i64 i = e / n, j = e % n;
        if (j > i) continue;
        REAL s = (REAL) 0;
        for (int k = 0; k < m; k++) s += G[i * m + k] * G[j * m + k];
        K[i * n + j] = s;
        K[j * n + i] = s;
    }
}

/* Woodbury: D_i = (g_i − Gᵀ c_i) / λ with C (N×N) row i = c_i; one thread per (i, j). */
KERNEL void NAME(woodbury_finish)(GLOBAL const REAL *G, GLOBAL const REAL *C, GLOBAL REAL *D, int n, int m, REAL lambda) {
    const i64 total = (i64) n * m;
    for (i64 e = GLOBAL_ID; e < total; e += GLOBAL_SIZE) {
        const i64 i = e / m;
        const int j = (int) (e % m);
        REAL s = (REAL) 0;
        for (int k = 0; k < n; k++) s += C[i * n + k] * G[(i64) k * m + j];
        D[e] = (G[e] - s) / lambda;
    }
}

/* Per-sample Fisher: D_i = g_i / (λ + g_iᵀ g_i); one thread per sample. */
KERNEL void NAME(fisher_sample)(GLOBAL const REAL *G, GLOBAL REAL *D, i64 n, int m, REAL lambda) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL s = lambda;
        for (int j = 0; j < m; j++) s += G[i * m + j] * G[i * m + j];
        for (int j = 0; j < m; j++) D[i * m + j] = G[i * m + j] / s;
    }
}

/* D = scale · G (elementwise); used by closed forms whose curvature is a multiple of I. */
KERNEL void NAME(scale_copy)(GLOBAL const REAL *G, GLOBAL REAL *D, i64 total, REAL scale) {
    for (i64 e = GLOBAL_ID; e < total; e += GLOBAL_SIZE) D[e] = G[e] * scale;
}

/* Z = Y − D, surrogate gradient S = D / N, half_sq_i = ½‖D_i‖²; one thread per sample. */
KERNEL void NAME(newton_outputs)(GLOBAL const REAL *Y, GLOBAL const REAL *D, GLOBAL REAL *Z, GLOBAL REAL *S,
                                 GLOBAL REAL *half_sq, i64 n, int m) {
    const REAL inv_n = (REAL) 1 / (REAL) n;
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL q = (REAL) 0;
        for (int j = 0; j < m; j++) {
            const REAL d = D[i * m + j];
            Z[i * m + j] = Y[i * m + j] - d;
            S[i * m + j] = d * inv_n;
            q += d * d;
        }
        half_sq[i] = (REAL) 0.5 * q;
    }
}

/* partial[g] = Σ x over the g-th chunk (stage one of a sum; the host adds the few partials). */
KERNEL void NAME(sum_partial)(GLOBAL const REAL *x, GLOBAL REAL *partial, i64 n, i64 chunk) {
    if (LOCAL_ID != 0) return;
    const i64 b0 = (i64) GROUP_ID * chunk;
    const i64 b1 = b0 + chunk < n ? b0 + chunk : n;
    REAL s = (REAL) 0;
    for (i64 i = b0; i < b1; i++) s += x[i];
    partial[GROUP_ID] = s;
}

/* Unit directions for Hessians assembled from HVPs: V_i = e_k for every sample. */
KERNEL void NAME(unit_vectors)(GLOBAL REAL *V, i64 n, int m, int k) {
    const i64 total = n * m;
    for (i64 e = GLOBAL_ID; e < total; e += GLOBAL_SIZE) V[e] = (int) (e % m) == k ? (REAL) 1 : (REAL) 0;
}

/* H_i[:, k] = HV_i (column k of each sample's Hessian). */
KERNEL void NAME(scatter_column)(GLOBAL const REAL *HV, GLOBAL REAL *H, i64 n, int m, int k) {
    const i64 total = n * m;
    for (i64 e = GLOBAL_ID; e < total; e += GLOBAL_SIZE) {
        const i64 i = e / m;
        const int j = (int) (e % m);
        H[i * m * m + (i64) j * m + k] = HV[e];
    }
}

/* ---- closed-form losses ---- */

/* MSE ℓ_i = (1/m) Σ_j (y_ij − t_ij)²: value, gradient 2(y−t)/m, Hessian 2I/m (any may be null). */
KERNEL void NAME(mse_eval)(GLOBAL const REAL *Y, GLOBAL const REAL *T, GLOBAL REAL *value, GLOBAL REAL *grad,
                           GLOBAL REAL *hess, i64 n, int m, int want_value, int want_grad, int want_hess) {
    const REAL inv_m = (REAL) 1 / (REAL) m;
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL s = (REAL) 0;
        for (int j = 0; j < m; j++) {
            const REAL r = Y[i * m + j] - T[i * m + j];
            s += r * r;
            if (want_grad) grad[i * m + j] = (REAL) 2 * r * inv_m;
        }
        if (want_value) value[i] = s * inv_m;
        if (want_hess)
            for (int j = 0; j < m; j++)
                for (int k = 0; k < m; k++) hess[i * m * m + (i64) j * m + k] = j == k ? (REAL) 2 * inv_m : (REAL) 0;
    }
}

/* out_i = (2/m) v_i: the MSE Hessian-vector product. */
KERNEL void NAME(mse_hvp)(GLOBAL const REAL *V, GLOBAL REAL *out, i64 total, int m) {
    for (i64 e = GLOBAL_ID; e < total; e += GLOBAL_SIZE) out[e] = (REAL) 2 * V[e] / (REAL) m;
}

/* p = softmax(y_i) into P (N×m), computed relative to the maximum. */
DEVICE_FN void NAME(softmax_row)(GLOBAL const REAL *y, GLOBAL REAL *p, int m) {
    REAL mx = y[0];
    for (int j = 1; j < m; j++) mx = fmax(mx, y[j]);
    REAL s = (REAL) 0;
    for (int j = 0; j < m; j++) { p[j] = exp(y[j] - mx); s += p[j]; }
    for (int j = 0; j < m; j++) p[j] /= s;
}

/* log-sum-exp form of −log softmax(y)[t]: exact for any y, never log(0). */
DEVICE_FN REAL NAME(log_softmax_at)(GLOBAL const REAL *y, int m, int t) {
    REAL mx = y[0];
    for (int j = 1; j < m; j++) mx = fmax(mx, y[j]);
    REAL s = (REAL) 0;
    for (int j = 0; j < m; j++) s += exp(y[j] - mx);
    return log(s) + mx - y[t];
}

/*
 * Softmax cross-entropy ℓ_i = −log softmax(y_i)[t_i]: value, gradient p − e_t, Hessian diag(p) − ppᵀ.
 * P (N×m) receives the probabilities (scratch the caller provides).
 */
KERNEL void NAME(ce_eval)(GLOBAL const REAL *Y, GLOBAL const int *labels, GLOBAL REAL *P, GLOBAL REAL *value,
                          GLOBAL REAL *grad, GLOBAL REAL *hess, i64 n, int m, int want_value, int want_grad, int want_hess) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        GLOBAL REAL *p = P + i * m;
        const int t = labels[i];
        if (t < 0 || t >= m) {              /* an invalid label poisons its sample: NaN, never a wrong number */
            for (int j = 0; j < m; j++) p[j] = NAN;
            if (want_value) value[i] = NAN;
            if (want_grad) for (int j = 0; j < m; j++) grad[i * m + j] = NAN;
            if (want_hess) for (i64 e = 0; e < (i64) m * m; e++) hess[i * m * m + e] = NAN;
            continue;
        }
        NAME(softmax_row)(Y + i * m, p, m);
        if (want_value) value[i] = NAME(log_softmax_at)(Y + i * m, m, t);
        if (want_grad) for (int j = 0; j < m; j++) grad[i * m + j] = p[j] - (j == t ? (REAL) 1 : (REAL) 0);
        if (want_hess)
            for (int j = 0; j < m; j++)
                for (int k = 0; k < m; k++)
                    hess[i * m * m + (i64) j * m + k] = (j == k ? p[j] : (REAL) 0) - p[j] * p[k];
    }
}

/* out_i = (diag(p_i) − p_i p_iᵀ) v_i, P from ce_eval. */
KERNEL void NAME(ce_hvp)(GLOBAL const REAL *P, GLOBAL const REAL *V, GLOBAL REAL *out, i64 n, int m) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL pv = (REAL) 0;
        for (int j = 0; j < m; j++) pv += P[i * m + j] * V[i * m + j];
        for (int j = 0; j < m; j++) out[i * m + j] = P[i * m + j] * (V[i * m + j] - pv);
    }
}

/*
 * Per-sample Hessian Newton direction of softmax CE in closed form (Sherman–Morrison):
 * (diag(p) + λI − ppᵀ)⁻¹ g = A⁻¹g + A⁻¹p (pᵀA⁻¹g) / (1 − pᵀA⁻¹p), A = diag(p + λ).
 */
KERNEL void NAME(ce_newton_sample)(GLOBAL const REAL *P, GLOBAL const REAL *G, GLOBAL REAL *D, i64 n, int m, REAL lambda) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL pag = (REAL) 0, pap = (REAL) 0;
        for (int j = 0; j < m; j++) {
            const REAL p = P[i * m + j], a = p + lambda;
            pag += p * G[i * m + j] / a;
            pap += p * p / a;
        }
        const REAL c = pag / ((REAL) 1 - pap);
        for (int j = 0; j < m; j++) {
            const REAL p = P[i * m + j], a = p + lambda;
            D[i * m + j] = (G[i * m + j] + p * c) / a;
        }
    }
}
