/*
 * optim.h — fused elementwise optimizer kernels (module optim): SGD and Adam baselines, the four
 * Alice kernels, and the small vector helpers the optimizers' host code needs (axpby, partial dot
 * products, a non-finite flag). Every kernel walks its range with a grid-stride loop, so any launch
 * covers any length. The Java CPU fallback (org.newton4j.optim.CpuOptimKernels) mirrors each one.
 */

/* ---- precision-independent helpers (included once) ---- */
#ifndef NEWTON4J_OPTIM_COMMON
#define NEWTON4J_OPTIM_COMMON
/* 32-bit finaliser (xor-shift-multiply), a bijection with good avalanche. */
DEVICE_FN unsigned int optim_mix32(unsigned int x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

/* Counter-based Rademacher draw keyed by (seed, step, global element index): +1 or -1, the same
 * on every backend (org.newton4j.optim.Rademacher is the Java twin). */
DEVICE_FN int optim_rademacher(unsigned int seed, unsigned int step, i64 index) {
    unsigned int h = optim_mix32(seed ^ 0x9e3779b9U);
    h = optim_mix32(h ^ step);
    h = optim_mix32(h ^ (unsigned int) (index & 0xffffffffL));
    h = optim_mix32(h ^ (unsigned int) (index >> 32));
    return (h >> 31) ? 1 : -1;
}
#endif

/* ---- vector helpers ---- */

/* flag[0] = 1 when some x[i] is NaN or infinite (the host zeroes the flag first). */
KERNEL void NAME(nonfinite_flag)(GLOBAL const REAL *x, GLOBAL int *flag, i64 n) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE)
        if (!IS_FINITE(x[i])) flag[0] = 1;
}

/* out = a x + b y (out may alias x or y). */
KERNEL void NAME(axpby)(GLOBAL REAL *out, GLOBAL const REAL *x, GLOBAL const REAL *y, REAL a, REAL b, i64 n) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) out[i] = a * x[i] + b * y[i];
}

/* partial[g] = sum of x[i] y[i] over the elements group g visits; the host adds the partials.
 * Needs GROUP_SIZE (a power of two) REALs of scratch. */
KERNEL void NAME(dot_partial)(GLOBAL const REAL *x, GLOBAL const REAL *y, GLOBAL REAL *partial, i64 n SCRATCH_PARAM) {
    SCRATCH_DECL
    LOCAL REAL *s = (LOCAL REAL *) scratch;
    REAL acc = (REAL) 0;
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) acc += x[i] * y[i];
    s[LOCAL_ID] = acc;
    BARRIER();
    for (int stride = GROUP_SIZE / 2; stride > 0; stride >>= 1) {
        if (LOCAL_ID < stride) s[LOCAL_ID] += s[LOCAL_ID + stride];
        BARRIER();
    }
    if (LOCAL_ID == 0) partial[GROUP_ID] = s[0];
}

/* ---- SGD (PyTorch semantics: weight decay, momentum with dampening, Nesterov) ---- */

/* The SGD update direction d (theta moves by -lr d); updates the momentum buffer. */
DEVICE_FN REAL NAME(sgd_dir)(REAL theta, REAL g, GLOBAL REAL *buf, i64 i, REAL momentum,
                             REAL dampening, REAL weight_decay, int nesterov, int first) {
    REAL d = g + weight_decay * theta;
    if (momentum != (REAL) 0) {
        REAL b = first ? d : momentum * buf[i] + ((REAL) 1 - dampening) * d;
        buf[i] = b;
        d = nesterov ? d + momentum * b : b;
    }
    return d;
}

KERNEL void NAME(sgd_step)(GLOBAL REAL *theta, GLOBAL const REAL *grad, GLOBAL REAL *buf, i64 n,
                           REAL lr, REAL momentum, REAL dampening, REAL weight_decay, int nesterov, int first) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL t = theta[i];
        theta[i] = t - lr * NAME(sgd_dir)(t, grad[i], buf, i, momentum, dampening, weight_decay, nesterov, first);
    }
}

/* dir = lr d without moving theta (GroupedNewton's direction u). */
KERNEL void NAME(sgd_direction)(GLOBAL const REAL *theta, GLOBAL const REAL *grad, GLOBAL REAL *buf,
                                GLOBAL REAL *dir, i64 n, REAL lr, REAL momentum, REAL dampening,
                                REAL weight_decay, int nesterov, int first) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE)
        dir[i] = lr * NAME(sgd_dir)(theta[i], grad[i], buf, i, momentum, dampening, weight_decay, nesterov, first);
}

/* ---- Adam (L2 weight decay on the gradient; bias corrections passed by the host) ---- */

/* The Adam step (theta moves by -step); step_size = lr / (1 - beta1^t), bc2_sqrt = sqrt(1 - beta2^t). */
DEVICE_FN REAL NAME(adam_dir)(REAL theta, REAL g, GLOBAL REAL *m, GLOBAL REAL *v, i64 i, REAL step_size,
                              REAL beta1, REAL beta2, REAL eps, REAL weight_decay, REAL bc2_sqrt) {
    g += weight_decay * theta;
    REAL mi = beta1 * m[i] + ((REAL) 1 - beta1) * g;
    REAL vi = beta2 * v[i] + ((REAL) 1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    return step_size * mi / (sqrt(vi) / bc2_sqrt + eps);
}

KERNEL void NAME(adam_step)(GLOBAL REAL *theta, GLOBAL const REAL *grad, GLOBAL REAL *m, GLOBAL REAL *v, i64 n,
                            REAL step_size, REAL beta1, REAL beta2, REAL eps, REAL weight_decay, REAL bc2_sqrt) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL t = theta[i];
        theta[i] = t - NAME(adam_dir)(t, grad[i], m, v, i, step_size, beta1, beta2, eps, weight_decay, bc2_sqrt);
    }
}

KERNEL void NAME(adam_direction)(GLOBAL const REAL *theta, GLOBAL const REAL *grad, GLOBAL REAL *m, GLOBAL REAL *v,
                                 GLOBAL REAL *dir, i64 n, REAL step_size, REAL beta1, REAL beta2, REAL eps,
                                 REAL weight_decay, REAL bc2_sqrt) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE)
        dir[i] = NAME(adam_dir)(theta[i], grad[i], m, v, i, step_size, beta1, beta2, eps, weight_decay, bc2_sqrt);
}

/* ---- Alice (Duersch et al., "Curvature in the Looking-Glass"), DESIGN §7 ----
 * State per element: mu (centre), nu (look-ahead), z (scratch), G (EMA gradient), R (EMA glass
 * density), H (EMA curvature: |h| or h^2), V (EMA g^2). p is the parameter tensor the gradient
 * oracle reads. hess_comp: 0 zero, 1 abs, 2 rms. limiter: 0 fixed, 1 sgdm, 2 adam. */

/* Sample step, part 1: draw z, evaluate next at p = nu + sigma z, keep nu - sigma z for later. */
KERNEL void NAME(alice_init_pert)(GLOBAL REAL *p, GLOBAL const REAL *nu, GLOBAL REAL *z, i64 n,
                                  REAL sigma, int seed, int step, i64 offset) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL d = optim_rademacher((unsigned int) seed, (unsigned int) step, offset + i) > 0 ? sigma : -sigma;
        p[i] = nu[i] + d;
        z[i] = nu[i] - d;
    }
}

/* Sample step, after gradient evaluation number `phase` (0: at nu+sigma z, 1: at nu-sigma z, 2: at nu). */
KERNEL void NAME(alice_pert_update)(GLOBAL REAL *p, GLOBAL const REAL *nu, GLOBAL REAL *z, GLOBAL const REAL *grad,
                                    GLOBAL REAL *G, GLOBAL REAL *R, GLOBAL REAL *H, GLOBAL REAL *V, i64 n,
                                    int phase, int hess_comp, REAL sigma, REAL beta1, REAL beta2, REAL beta3,
                                    REAL w1, REAL w2) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        if (phase == 0) {
            /* next evaluation at nu - sigma z; keep g+ */
            p[i] = z[i];
            z[i] = grad[i];
        } else if (phase == 1) {
            p[i] = nu[i];
            REAL gp = z[i], gm = grad[i];
            REAL h = (REAL) 0.5 * (gp - gm) / sigma;
            h = hess_comp == 2 ? h * h + w2 * w2 : fabs(h) + w2;
            H[i] = h + beta3 * (H[i] - h);
            z[i] = (REAL) 0.5 * (gp + gm);
        } else {
            REAL g0 = grad[i];
            REAL dg = z[i] - g0;
            REAL rho = (REAL) 2 * dg * dg / sigma;
            REAL v = g0 * g0;
            REAL x = nu[i];
            g0 += (x < (REAL) 0 ? -w1 : w1) + w2 * x;
            R[i] = rho + beta3 * (R[i] - rho);
            V[i] = v + beta2 * (V[i] - v);
            G[i] = g0 + beta1 * (G[i] - g0);
        }
    }
}

/* Quick step: the gradient at nu updates only V and G. */
KERNEL void NAME(alice_quick_update)(GLOBAL const REAL *nu, GLOBAL const REAL *grad, GLOBAL REAL *G, GLOBAL REAL *V,
                                     i64 n, REAL beta1, REAL beta2, REAL w1, REAL w2) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL g0 = grad[i];
        REAL v = g0 * g0;
        REAL x = nu[i];
        g0 += (x < (REAL) 0 ? -w1 : w1) + w2 * x;
        V[i] = v + beta2 * (V[i] - v);
        G[i] = g0 + beta1 * (G[i] - g0);
    }
}

/* The elementwise quasi-Newton step bounded by the limiter; moves mu and nu and centres p at mu. */
KERNEL void NAME(alice_state_update)(GLOBAL REAL *p, GLOBAL REAL *mu, GLOBAL REAL *nu, GLOBAL const REAL *G,
                                     GLOBAL const REAL *R, GLOBAL const REAL *H, GLOBAL const REAL *V, i64 n,
                                     int hess_comp, int grad_glass, int limiter, REAL eps, REAL tau1, REAL tau2,
                                     REAL phi, REAL omega) {
    for (i64 i = GLOBAL_ID; i < n; i += GLOBAL_SIZE) {
        REAL g = G[i];
        REAL absg = fabs(g);
        REAL rho = grad_glass ? R[i] : (REAL) 0;
        REAL h = hess_comp == 0 ? (REAL) 0 : (hess_comp == 1 ? H[i] : sqrt(H[i]));
        REAL alpha = (REAL) 0.238732414637843 * rho / (absg + eps); /* 3/(4 pi) */
        REAL h_opt = alpha + h + sqrt(alpha * (alpha + (REAL) 2 * h)) + eps;
        REAL delta = absg / h_opt;
        REAL lo = tau1, hi = tau2;
        if (limiter == 1) {
            lo *= absg;
            hi *= absg;
        } else if (limiter == 2) {
            REAL f = absg / (sqrt(V[i]) + eps);
            lo *= f;
            hi *= f;
        }
        /* written so that a NaN delta takes the upper bound */
        if (delta < lo) delta = lo;
        else if (!(delta < hi)) delta = hi;
        if (g > (REAL) 0) delta = -delta;
        REAL m = mu[i];
        REAL m_new = m + phi * delta;
        nu[i] = m + omega * delta;
        mu[i] = m_new;
        p[i] = m_new;
    }
}
