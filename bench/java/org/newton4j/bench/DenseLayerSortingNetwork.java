package org.newton4j.bench;

import java.util.ArrayList;
import java.util.List;

import org.newton4j.device.cpu.CpuBackend;

/**
 * The reference library's formulation (PyTorch diffsort), for benchmarks only: every layer of the network
 * is a dense n×n matrix M_l, P ← P·M_l (O(n³) per layer), every layer's P is kept for the backward pass,
 * and the loss gradient flows back through dense products P̄ ← P̄·M_lᵀ and ∂ℓ/∂M_l = P_lᵀ·P̄. Logistic
 * relaxation only. Same loss as org.newton4j.sort (BCE vs ranks, mean over n², logs clamped at −100).
 */
final class DenseLayerSortingNetwork {
    private final int n;
    private final double beta;
    private final int[][] layers; // per layer: a0, b0, a1, b1, ...

    DenseLayerSortingNetwork(int[] comparators, int n, double beta) {
        this.n = n;
        this.beta = beta;
        List<int[]> out = new ArrayList<>();
        List<Integer> cur = new ArrayList<>();
        boolean[] used = new boolean[n];
        for (int k = 0; k < comparators.length / 2; k++) {
            int a = comparators[2 * k], b = comparators[2 * k + 1];
            if (used[a] || used[b]) {
                out.add(cur.stream().mapToInt(Integer::intValue).toArray());
                cur.clear();
                java.util.Arrays.fill(used, false);
            }
            cur.add(a); cur.add(b);
            used[a] = true; used[b] = true;
        }
        if (!cur.isEmpty()) out.add(cur.stream().mapToInt(Integer::intValue).toArray());
        layers = out.toArray(new int[0][]);
    }

    /** Loss and gradient for every sample (x, ranks: N×n). */
    void lossAndGradient(double[] x, int[] ranks, double[] loss, double[] grad) {
        CpuBackend.parallelFor(loss.length, s -> sample(x, ranks, s, loss, grad));
    }

    private void sample(double[] x, int[] ranks, int s, double[] lossOut, double[] gradOut) {
        int L = layers.length;
        double[][] vs = new double[L + 1][], ps = new double[L + 1][], alphas = new double[L][];
        double[] v = new double[n];
        System.arraycopy(x, s * n, v, 0, n);
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) p[i * n + i] = 1;
        vs[0] = v; ps[0] = p;
        double[] m = new double[n * n];
        for (int l = 0; l < L; l++) {
            int[] c = layers[l];
            double[] al = new double[c.length / 2];
            java.util.Arrays.fill(m, 0);
            boolean[] touched = new boolean[n];
            for (int k = 0; k < al.length; k++) {
                int a = c[2 * k], b = c[2 * k + 1];
                al[k] = 1 / (1 + Math.exp(-beta * (v[b] - v[a])));
                m[a * n + a] = al[k]; m[b * n + a] = 1 - al[k]; m[a * n + b] = 1 - al[k]; m[b * n + b] = al[k];
                touched[a] = touched[b] = true;
            }
            for (int i = 0; i < n; i++) if (!touched[i]) m[i * n + i] = 1;
            alphas[l] = al;
            double[] nv = new double[n], np = new double[n * n];
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) nv[i] += v[j] * m[j * n + i];
            matmul(p, m, np, false);
            vs[l + 1] = v = nv; ps[l + 1] = p = np;
        }
        double scale = 1.0 / (n * n), total = 0;
        double[] pbar = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                boolean t = ranks[s * n + j] == i;
                double q = t ? p[j * n + i] : 1 - p[j * n + i];
                double lq = q > 0 ? Math.log(q) : Double.NEGATIVE_INFINITY;
                if (lq > -100) { total -= lq * scale; pbar[j * n + i] = (t ? -1 : 1) / q * scale; }
                else total += 100 * scale;
            }
        lossOut[s] = total;
        double[] vbar = new double[n], g = new double[n * n], mt = new double[n * n];
        for (int l = L - 1; l >= 0; l--) {
            int[] c = layers[l];
            double[] pl = ps[l], vl = vs[l];
            // ∂ℓ/∂M = P_lᵀ P̄ (dense) and the value path
            matmulTransA(pl, pbar, g);
            // rebuild M_l, then P̄ ← P̄ M_lᵀ, v̄ ← M_l v̄ (before adding d̄)
            java.util.Arrays.fill(mt, 0);
            boolean[] touched = new boolean[n];
            double[] al = alphas[l];
            for (int k = 0; k < al.length; k++) {
                int a = c[2 * k], b = c[2 * k + 1];
                mt[a * n + a] = al[k]; mt[b * n + a] = 1 - al[k]; mt[a * n + b] = 1 - al[k]; mt[b * n + b] = al[k];
                touched[a] = touched[b] = true;
            }
            for (int i = 0; i < n; i++) if (!touched[i]) mt[i * n + i] = 1;
            double[] npbar = new double[n * n];
            matmul(pbar, mt, npbar, true);
            double[] nvbar = new double[n];
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) nvbar[j] += mt[j * n + i] * vbar[i];
            for (int k = 0; k < al.length; k++) {
                int a = c[2 * k], b = c[2 * k + 1];
                double d = vl[b] - vl[a];
                double abar = g[a * n + a] + g[b * n + b] - g[b * n + a] - g[a * n + b]
                        + (vl[a] - vl[b]) * vbar[a] + (vl[b] - vl[a]) * vbar[b];
                double dbar = abar * beta * al[k] * (1 - al[k]);
                nvbar[b] += dbar; nvbar[a] -= dbar;
                if (d != d) throw new IllegalStateException();
            }
            pbar = npbar;
            vbar = nvbar;
        }
        System.arraycopy(vbar, 0, gradOut, s * n, n);
    }

    /** c = a·b, or a·bᵀ when transposeB (row-major n×n). */
    private void matmul(double[] a, double[] b, double[] c, boolean transposeB) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double t = 0;
                for (int k = 0; k < n; k++) t += a[i * n + k] * (transposeB ? b[j * n + k] : b[k * n + j]);
                c[i * n + j] = t;
            }
    }

    /** c = aᵀ·b. */
    private void matmulTransA(double[] a, double[] b, double[] c) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double t = 0;
                for (int k = 0; k < n; k++) t += a[k * n + i] * b[k * n + j];
                c[i * n + j] = t;
            }
    }
}
