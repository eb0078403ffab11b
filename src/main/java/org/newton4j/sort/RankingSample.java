package org.newton4j.sort;

import org.newton4j.device.Precision;

/**
 * The CPU reference for one sample (DESIGN §4), mirrored by kernels/common/sort.h.
 *
 * <p>Sorting networks: the wire values are swept forward once (storing d, α, s', s'' per comparator).
 * The rows of P evolve independently (row j starts as e_j and every comparator mixes its two entries),
 * so the loss gradient is computed one row at a time: the row is swept forward storing its differences
 * D_k = p_a − p_b, then swept backward accumulating ᾱ_k += (ē_a − ē_b) D_k. Memory O(#comparators), work
 * O(n) per comparator; no layer is ever a dense n×n product. A final reverse sweep over the values turns
 * ᾱ into the gradient. Hessian-vector products differentiate all three sweeps in forward mode along a
 * direction u (forward-over-reverse); the full Hessian uses u = e_c for every c. Two CPU-only variants do
 * the same arithmetic entry by entry with vectorisable inner loops: {@code allRows} sweeps all rows of P at
 * once (forward + gradient) and {@link #networkHessian} carries all n directions at once (full Hessian);
 * the kernels keep the one-row, one-direction form (one work-item per sample and direction).
 *
 * <p>NeuralSort and SoftSort: P's transpose is a row-wise softmax of logits z that are piecewise linear in
 * s = −x, so each rank-row is processed independently with O(n) memory.
 *
 * <p>Not thread-safe: one instance per worker.
 */
final class RankingSample {
    private final RankingLoss spec;
    private final int n;
    private final int[] comps;
    private final int ncomp;
    // per comparator: d, α, 1 − α, s', s'' (rx holds the last four interleaved), row differences, ᾱ from P
    private final double[] d, rx, diff, abarP;
    // their tangents along u
    private final double[] dd, ald, diffd, abarPd;
    // per wire / per element
    private final double[] v, vd, p, pd, e, ed, vb, vbd, row, rowd, rowb, rowbd, acc1, acc2;

    /**
     * log clamp of the BCE: −100 (DESIGN §4) in float64; −40 in float32, where 1/p² of smaller entries
     * would overflow float and entries below ~1e−38 are not even normal numbers (the kernels do the same).
     */
    static double logClamp(Precision precision) { return precision == Precision.F32 ? -40 : -100; }

    private final double logClamp;

    RankingSample(RankingLoss spec, int n, int[] comparators, Precision precision) {
        this.spec = spec;
        this.logClamp = logClamp(precision);
        this.n = n;
        this.comps = comparators;
        this.ncomp = comparators == null ? 0 : comparators.length / 2;
        d = new double[ncomp]; rx = new double[Relaxation.WIDTH * ncomp]; diff = new double[ncomp]; abarP = new double[ncomp];
        dd = new double[ncomp]; ald = new double[ncomp]; diffd = new double[ncomp]; abarPd = new double[ncomp];
        v = new double[n]; vd = new double[n]; p = new double[n]; pd = new double[n]; e = new double[n];
        ed = new double[n]; vb = new double[n]; vbd = new double[n]; row = new double[n]; rowd = new double[n];
        rowb = new double[n]; rowbd = new double[n]; acc1 = new double[n]; acc2 = new double[n];
    }

    /** Where one sample's outputs go; a null array is not wanted. Offsets index the sample's first element. */
    static final class Sink {
        double[] perm; int permAt;
        double[] sorted; int sortedAt;
        double[] loss; int lossAt;
        double[] grad; int gradAt;
        /** H u (the tangent of the gradient along u), written when a direction is given. */
        double[] hu; int huAt;
    }

    /**
     * Evaluates one sample. x: n scores at xAt; ranks: n ints at rAt (may be null when no loss-derived
     * output is wanted); u: direction at uAt, or null; unit ≥ 0 means u = e_unit instead.
     */
    void run(double[] x, int xAt, int[] ranks, int rAt, double[] u, int uAt, int unit, Sink out) {
        boolean tangent = u != null || unit >= 0;
        if (tangent) {
            for (int i = 0; i < n; i++) vd[i] = u != null ? u[uAt + i] : (i == unit ? 1 : 0);
        }
        if (spec.kind() == RankingLoss.Kind.SORTING_NETWORK) network(x, xAt, ranks, rAt, tangent, out);
        else softmaxRows(x, xAt, ranks, rAt, tangent, out);
    }

    // ---------------------------------------------------------------- BCE

    /** Writes f, f', f'' of the BCE entry −(t log p + (1−t) log(1−p))/n², logs clamped (then flat). */
    private void bce(double prob, boolean target, double[] f3) {
        double scale = 1.0 / ((double) n * n);
        double q = target ? prob : 1 - prob;
        double lq = q > 0 ? Math.log(q) : Double.NEGATIVE_INFINITY;
        if (lq > logClamp) {
            double sgn = target ? -1 : 1;
            f3[0] = -lq * scale; f3[1] = sgn / q * scale; f3[2] = 1 / (q * q) * scale;
        } else {
            f3[0] = -logClamp * scale; f3[1] = 0; f3[2] = 0;
        }
    }

    private final double[] f3 = new double[3];

    // ---------------------------------------------------------------- sorting networks

    private void network(double[] x, int xAt, int[] ranks, int rAt, boolean tangent, Sink out) {
        Relaxation relax = spec.relaxation();
        double beta = spec.steepness(), lambda = spec.artLambda();
        for (int i = 0; i < n; i++) v[i] = x[xAt + i];
        // 1. values forward (and their tangent)
        for (int k = 0; k < ncomp; k++) {
            int a = comps[2 * k], b = comps[2 * k + 1];
            double dk = v[b] - v[a];
            d[k] = dk;
            relax.evaluate(dk, beta, lambda, rx, 4 * k);
            double al = rx[4 * k], alc = rx[4 * k + 1], va = v[a], vbv = v[b];
            v[a] = al * va + alc * vbv;
            v[b] = alc * va + al * vbv;
            if (tangent) {
                double ddk = vd[b] - vd[a], aldk = rx[4 * k + 2] * ddk, vda = vd[a], vdb = vd[b];
                dd[k] = ddk; ald[k] = aldk;
                vd[a] = -aldk * dk + al * vda + alc * vdb;
                vd[b] = aldk * dk + alc * vda + al * vdb;
            }
        }
        if (out.sorted != null) System.arraycopy(v, 0, out.sorted, out.sortedAt, n);
        boolean needLoss = out.loss != null || out.grad != null || tangent;
        if (out.perm == null && !needLoss) return;
        // 2. rows of P: forward storing differences, loss, backward accumulating ᾱ
        java.util.Arrays.fill(abarP, 0);
        if (tangent) java.util.Arrays.fill(abarPd, 0);
        double loss = 0;
        if (!tangent && (long) ncomp * n <= BATCHED_HESSIAN_LIMIT) {
            loss = allRows(ranks, rAt, needLoss, out);
        } else for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(p, 0);
            p[j] = 1;
            if (tangent) java.util.Arrays.fill(pd, 0);
            for (int k = 0; k < ncomp; k++) {
                int a = comps[2 * k], b = comps[2 * k + 1];
                double al = rx[4 * k], alc = rx[4 * k + 1], pa = p[a], pbv = p[b], dk = pa - pbv;
                diff[k] = dk;
                // convex form: no cancellation when an entry is tiny (its relative accuracy feeds log P)
                p[a] = al * pa + alc * pbv;
                p[b] = alc * pa + al * pbv;
                if (tangent) {
                    double pda = pd[a], pdb = pd[b], ddk = pda - pdb;
                    diffd[k] = ddk;
                    pd[a] = ald[k] * dk + al * pda + alc * pdb;
                    pd[b] = -ald[k] * dk + alc * pda + al * pdb;
                }
            }
            if (out.perm != null) System.arraycopy(p, 0, out.perm, out.permAt + j * n, n);
            if (!needLoss) continue;
            int target = ranks[rAt + j];
            double rowLoss = 0; // per-row partial sums, as the kernels (float32 accumulation)
            for (int i = 0; i < n; i++) {
                bce(p[i], i == target, f3);
                rowLoss += f3[0];
                e[i] = f3[1];
                if (tangent) ed[i] = f3[2] * pd[i];
            }
            loss += rowLoss;
            for (int k = ncomp - 1; k >= 0; k--) {
                int a = comps[2 * k], b = comps[2 * k + 1];
                double al = rx[4 * k], alc = rx[4 * k + 1], ea = e[a], eb = e[b], ek = ea - eb;
                abarP[k] += ek * diff[k];
                // convex forms throughout: with α ≈ 1, eb' + α (ea' − eb') would cancel huge adjoints of tiny entries
                e[a] = al * ea + alc * eb;
                e[b] = alc * ea + al * eb;
                if (tangent) {
                    double eda = ed[a], edb = ed[b], edk = eda - edb;
                    abarPd[k] += edk * diff[k] + ek * diffd[k];
                    ed[a] = ald[k] * ek + al * eda + alc * edb;
                    ed[b] = -ald[k] * ek + alc * eda + al * edb;
                }
            }
        }
        if (out.loss != null) out.loss[out.lossAt] = loss;
        if (out.grad == null && !tangent) return;
        // 3. values backward: ᾱ_k = ᾱ_k(P) + d_k (v̄_b − v̄_a), d̄ = ᾱ s', then through the mix
        java.util.Arrays.fill(vb, 0);
        if (tangent) java.util.Arrays.fill(vbd, 0);
        for (int k = ncomp - 1; k >= 0; k--) {
            int a = comps[2 * k], b = comps[2 * k + 1];
            double al = rx[4 * k], alc = rx[4 * k + 1], s1 = rx[4 * k + 2], s2 = rx[4 * k + 3], dk = d[k];
            double vba = vb[a], vbb = vb[b], w = vba - vbb;
            double abar = abarP[k] - dk * w, dbar = abar * s1;
            vb[a] = al * vba + alc * vbb - dbar;
            vb[b] = alc * vba + al * vbb + dbar;
            if (tangent) {
                double vbda = vbd[a], vbdb = vbd[b], wd = vbda - vbdb;
                double abard = abarPd[k] - dd[k] * w - dk * wd;
                double dbard = abard * s1 + abar * s2 * dd[k];
                vbd[a] = ald[k] * w + al * vbda + alc * vbdb - dbard;
                vbd[b] = -ald[k] * w + alc * vbda + al * vbdb + dbard;
            }
        }
        if (out.grad != null) System.arraycopy(vb, 0, out.grad, out.gradAt, n);
        if (tangent && out.hu != null) System.arraycopy(vbd, 0, out.hu, out.huAt, n);
    }

    private double[] rowsP, rowsE, rowsDiff;

    /**
     * Step 2 of {@link #network} for all rows at once: P is held wire-major (P[w][j] at w n + j) so each
     * comparator updates two contiguous rows of n entries, which the JIT vectorises; ᾱ_k becomes a dot
     * product. Same arithmetic per entry as the one-row sweep. Returns the loss.
     */
    private double allRows(int[] ranks, int rAt, boolean needLoss, Sink out) {
        if (rowsP == null) { rowsP = new double[n * n]; rowsE = new double[n * n]; rowsDiff = new double[ncomp * n]; }
        double[] pm = rowsP, em = rowsE, dm = rowsDiff;
        java.util.Arrays.fill(pm, 0);
        for (int j = 0; j < n; j++) pm[j * n + j] = 1;
        for (int k = 0; k < ncomp; k++) {
            int an = comps[2 * k] * n, bn = comps[2 * k + 1] * n, kn = k * n;
            double al = rx[4 * k], alc = rx[4 * k + 1];
            for (int j = 0; j < n; j++) {
                double pa = pm[an + j], pbv = pm[bn + j];
                dm[kn + j] = pa - pbv;
                pm[an + j] = al * pa + alc * pbv;
                pm[bn + j] = alc * pa + al * pbv;
            }
        }
        if (out.perm != null)
            for (int w = 0; w < n; w++) for (int j = 0; j < n; j++) out.perm[out.permAt + j * n + w] = pm[w * n + j];
        if (!needLoss) return 0;
        double loss = 0;
        for (int j = 0; j < n; j++) {
            int target = ranks[rAt + j];
            double rowLoss = 0;
            for (int i = 0; i < n; i++) {
                bce(pm[i * n + j], i == target, f3);
                rowLoss += f3[0];
                em[i * n + j] = f3[1];
            }
            loss += rowLoss;
        }
        for (int k = ncomp - 1; k >= 0; k--) {
            int an = comps[2 * k] * n, bn = comps[2 * k + 1] * n, kn = k * n;
            double al = rx[4 * k], alc = rx[4 * k + 1], acc = 0;
            for (int j = 0; j < n; j++) {
                double ea = em[an + j], eb = em[bn + j];
                acc += (ea - eb) * dm[kn + j];
                em[an + j] = al * ea + alc * eb;
                em[bn + j] = alc * ea + al * eb;
            }
            abarP[k] = acc;
        }
        return loss;
    }

    /** Above this many comparator×direction entries {@link #networkHessian} would need too much memory. */
    static final long BATCHED_HESSIAN_LIMIT = 1L << 22;

    /** True when {@link #networkHessian} applies (a sorting network small enough to carry all n directions). */
    static boolean batchedHessian(RankingLoss spec, int n, int[] comparators) {
        return spec.kind() == RankingLoss.Kind.SORTING_NETWORK && (long) comparators.length / 2 * n <= BATCHED_HESSIAN_LIMIT;
    }

    private double[] bdd, bald, bdiffd, babarPd, bvd, bpd, bed, bvbd;

    /**
     * The full Hessian of a sorting-network sample with all n unit directions carried at once (the same
     * sweeps as {@link #network}, each tangent now a row of n directions, innermost and contiguous so the
     * JIT vectorises it; the primal sweeps run once instead of n times). Writes H[i][c] = ∂²ℓ/∂x_i∂x_c at
     * hess[hessAt + i n + c] and, through out, every other requested output.
     */
    void networkHessian(double[] x, int xAt, int[] ranks, int rAt, double[] hess, int hessAt, Sink out) {
        if (bdd == null) {
            int cn = ncomp * n;
            bdd = new double[cn]; bald = new double[cn]; bdiffd = new double[cn]; babarPd = new double[cn];
            bvd = new double[n * n]; bpd = new double[n * n]; bed = new double[n * n]; bvbd = new double[n * n];
        }
        Relaxation relax = spec.relaxation();
        double beta = spec.steepness(), lambda = spec.artLambda();
        for (int i = 0; i < n; i++) v[i] = x[xAt + i];
        java.util.Arrays.fill(bvd, 0);
        for (int i = 0; i < n; i++) bvd[i * n + i] = 1;
        // 1. values forward, all directions
        for (int k = 0; k < ncomp; k++) {
            int a = comps[2 * k], b = comps[2 * k + 1], kn = k * n, an = a * n, bn = b * n;
            double dk = v[b] - v[a];
            d[k] = dk;
            relax.evaluate(dk, beta, lambda, rx, 4 * k);
            double al = rx[4 * k], alc = rx[4 * k + 1], s1 = rx[4 * k + 2], va = v[a], vbv = v[b];
            v[a] = al * va + alc * vbv;
            v[b] = alc * va + al * vbv;
            for (int c = 0; c < n; c++) {
                double vda = bvd[an + c], vdb = bvd[bn + c], ddk = vdb - vda, aldk = s1 * ddk;
                bdd[kn + c] = ddk; bald[kn + c] = aldk;
                bvd[an + c] = -aldk * dk + al * vda + alc * vdb;
                bvd[bn + c] = aldk * dk + alc * vda + al * vdb;
            }
        }
        if (out.sorted != null) System.arraycopy(v, 0, out.sorted, out.sortedAt, n);
        // 2. rows of P
        java.util.Arrays.fill(abarP, 0);
        java.util.Arrays.fill(babarPd, 0);
        double loss = 0;
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(p, 0);
            p[j] = 1;
            java.util.Arrays.fill(bpd, 0);
            for (int k = 0; k < ncomp; k++) {
                int a = comps[2 * k], b = comps[2 * k + 1], kn = k * n, an = a * n, bn = b * n;
                double al = rx[4 * k], alc = rx[4 * k + 1], pa = p[a], pbv = p[b], dk = pa - pbv;
                diff[k] = dk;
                p[a] = al * pa + alc * pbv;
                p[b] = alc * pa + al * pbv;
                for (int c = 0; c < n; c++) {
                    double pda = bpd[an + c], pdb = bpd[bn + c], aldk = bald[kn + c];
                    bdiffd[kn + c] = pda - pdb;
                    bpd[an + c] = aldk * dk + al * pda + alc * pdb;
                    bpd[bn + c] = -aldk * dk + alc * pda + al * pdb;
                }
            }
            if (out.perm != null) System.arraycopy(p, 0, out.perm, out.permAt + j * n, n);
            int target = ranks[rAt + j];
            double rowLoss = 0;
            for (int i = 0; i < n; i++) {
                bce(p[i], i == target, f3);
                rowLoss += f3[0];
                e[i] = f3[1];
                for (int c = 0; c < n; c++) bed[i * n + c] = f3[2] * bpd[i * n + c];
            }
            loss += rowLoss;
            for (int k = ncomp - 1; k >= 0; k--) {
                int a = comps[2 * k], b = comps[2 * k + 1], kn = k * n, an = a * n, bn = b * n;
                double al = rx[4 * k], alc = rx[4 * k + 1], ea = e[a], eb = e[b], ek = ea - eb, dk = diff[k];
                abarP[k] += ek * dk;
                e[a] = al * ea + alc * eb;
                e[b] = alc * ea + al * eb;
                for (int c = 0; c < n; c++) {
                    double eda = bed[an + c], edb = bed[bn + c], aldk = bald[kn + c];
                    babarPd[kn + c] += (eda - edb) * dk + ek * bdiffd[kn + c];
                    bed[an + c] = aldk * ek + al * eda + alc * edb;
                    bed[bn + c] = -aldk * ek + alc * eda + al * edb;
                }
            }
        }
        if (out.loss != null) out.loss[out.lossAt] = loss;
        // 3. values backward
        java.util.Arrays.fill(vb, 0);
        java.util.Arrays.fill(bvbd, 0);
        for (int k = ncomp - 1; k >= 0; k--) {
            int a = comps[2 * k], b = comps[2 * k + 1], kn = k * n, an = a * n, bn = b * n;
            double al = rx[4 * k], alc = rx[4 * k + 1], s1 = rx[4 * k + 2], s2 = rx[4 * k + 3], dk = d[k];
            double vba = vb[a], vbb = vb[b], w = vba - vbb;
            double abar = abarP[k] - dk * w, dbar = abar * s1;
            vb[a] = al * vba + alc * vbb - dbar;
            vb[b] = alc * vba + al * vbb + dbar;
            for (int c = 0; c < n; c++) {
                double vbda = bvbd[an + c], vbdb = bvbd[bn + c], wd = vbda - vbdb, ddk = bdd[kn + c], aldk = bald[kn + c];
                double abard = babarPd[kn + c] - ddk * w - dk * wd;
                double dbard = abard * s1 + abar * s2 * ddk;
                bvbd[an + c] = aldk * w + al * vbda + alc * vbdb - dbard;
                bvbd[bn + c] = -aldk * w + alc * vbda + al * vbdb + dbard;
            }
        }
        if (out.grad != null) System.arraycopy(vb, 0, out.grad, out.gradAt, n);
        System.arraycopy(bvbd, 0, hess, hessAt, n * n);
    }

    // ---------------------------------------------------------------- NeuralSort / SoftSort

    /**
     * Row i (rank i, ascending in x) of Pᵀ is softmax_j(z_ij). With s = −x the logits are
     * NeuralSort: z_ij = (c_i s_j − Σ_l |s_j − s_l|)/τ, c_i = n − 1 − 2i;
     * SoftSort: z_ij = −|ŝ_i − s_j|/τ with ŝ = s sorted descending (ŝ_i = s_π(i)).
     * Both are linear in s between ties, so the Hessian is Jᵀ (softmax-BCE Hessian) J; sign(0) = 0 at ties.
     * Since ∂s/∂x = −I: ∇_x = −∇_s and H_x = H_s, so the s-space HVP along u is the x-space HVP along u.
     */
    private void softmaxRows(double[] x, int xAt, int[] ranks, int rAt, boolean tangent, Sink out) {
        boolean neural = spec.kind() == RankingLoss.Kind.NEURAL_SORT;
        double tau = spec.tau();
        double[] s = v, bsum = p, sbar = vb, sbard = vbd; // reuse wire-sized workspaces
        for (int j = 0; j < n; j++) s[j] = -x[xAt + j];
        int[] order = neural ? null : descendingOrder(s);
        if (neural) {
            for (int j = 0; j < n; j++) {
                double t = 0;
                for (int l = 0; l < n; l++) t += Math.abs(s[j] - s[l]);
                bsum[j] = t;
            }
            if (tangent) for (int j = 0; j < n; j++) {
                double t = 0;
                for (int l = 0; l < n; l++) t += Math.signum(s[j] - s[l]) * (vd[j] - vd[l]);
                pd[j] = t; // Ḃ_j
            }
        }
        boolean needLoss = out.loss != null || out.grad != null || tangent;
        java.util.Arrays.fill(sbar, 0);
        java.util.Arrays.fill(sbard, 0);
        java.util.Arrays.fill(acc1, 0);
        java.util.Arrays.fill(acc2, 0);
        if (out.sorted != null) java.util.Arrays.fill(out.sorted, out.sortedAt, out.sortedAt + n, 0);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double ci = n - 1 - 2 * i;
            int pi = neural ? -1 : order[i];
            double zmax = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double z = neural ? (ci * s[j] - bsum[j]) / tau : -Math.abs(s[pi] - s[j]) / tau;
                row[j] = z;
                zmax = Math.max(zmax, z);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) { row[j] = Math.exp(row[j] - zmax); sum += row[j]; }
            for (int j = 0; j < n; j++) row[j] /= sum; // Q_ij
            if (out.perm != null) for (int j = 0; j < n; j++) out.perm[out.permAt + j * n + i] = row[j];
            if (out.sorted != null) {
                double t = 0;
                for (int j = 0; j < n; j++) t += x[xAt + j] * row[j];
                out.sorted[out.sortedAt + i] = t;
            }
            if (!needLoss) continue;
            // Q̄ = f'(Q); z̄_ij = Q_ij (Q̄_ij − μ_i)
            double mu = 0, rowLoss = 0;
            for (int j = 0; j < n; j++) {
                bce(row[j], ranks[rAt + j] == i, f3);
                rowLoss += f3[0];
                rowb[j] = f3[1];
                e[j] = f3[2]; // f'' kept for the tangent
                mu += row[j] * f3[1];
            }
            loss += rowLoss;
            if (tangent) {
                // ż, Q̇ = Q (ż − Σ Q ż), Q̄̇ = f'' Q̇, μ̇, z̄̇
                double qz = 0;
                for (int j = 0; j < n; j++) {
                    double zd = neural ? (ci * vd[j] - pd[j]) / tau : -Math.signum(s[pi] - s[j]) * (vd[pi] - vd[j]) / tau;
                    rowd[j] = zd;
                    qz += row[j] * zd;
                }
                double mud = 0;
                for (int j = 0; j < n; j++) {
                    double qd = row[j] * (rowd[j] - qz);
                    rowd[j] = qd;
                    ed[j] = e[j] * qd; // Q̄̇
                    mud += qd * rowb[j] + row[j] * ed[j];
                }
                for (int j = 0; j < n; j++) rowbd[j] = rowd[j] * (rowb[j] - mu) + row[j] * (ed[j] - mud);
                adjoint(neural, s, i, ci, pi, rowbd, sbard, acc2, tau);
            }
            for (int j = 0; j < n; j++) rowb[j] = row[j] * (rowb[j] - mu);
            adjoint(neural, s, i, ci, pi, rowb, sbar, acc1, tau);
        }
        if (out.loss != null) out.loss[out.lossAt] = loss;
        if (neural && needLoss) {
            finishNeural(s, sbar, acc1);
            if (tangent) finishNeural(s, sbard, acc2);
        }
        if (out.grad != null) for (int j = 0; j < n; j++) out.grad[out.gradAt + j] = -sbar[j];
        if (tangent && out.hu != null) System.arraycopy(sbard, 0, out.hu, out.huAt, n);
    }

    /** Accumulates row i's z̄ into s̄ (SoftSort) or into the NeuralSort partial sums (s̄ += c_i z̄/τ, w += z̄). */
    private void adjoint(boolean neural, double[] s, int i, double ci, int pi, double[] zbar, double[] sbar,
                         double[] colsum, double tau) {
        if (neural) {
            for (int j = 0; j < n; j++) { sbar[j] += ci * zbar[j] / tau; colsum[j] += zbar[j]; }
        } else {
            double self = 0;
            for (int j = 0; j < n; j++) {
                double g = Math.signum(s[pi] - s[j]) * zbar[j] / tau;
                sbar[j] += g;
                self -= g;
            }
            sbar[pi] += self;
        }
    }

    /** NeuralSort's −Σ_j w_j ∂B_j/∂s_m = −Σ_l (w_m + w_l) sign(s_m − s_l), divided by τ. */
    private void finishNeural(double[] s, double[] sbar, double[] w) {
        double tau = spec.tau();
        for (int m = 0; m < n; m++) {
            double t = 0;
            for (int l = 0; l < n; l++) t += (w[m] + w[l]) * Math.signum(s[m] - s[l]);
            sbar[m] -= t / tau;
        }
    }

    /** Indices of s in descending order of value, ties by index (a stable insertion sort, as the kernel does). */
    private int[] descendingOrder(double[] s) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            int j = i;
            while (j > 0 && s[order[j - 1]] < s[i]) { order[j] = order[j - 1]; j--; }
            order[j] = i;
        }
        return order;
    }
}
