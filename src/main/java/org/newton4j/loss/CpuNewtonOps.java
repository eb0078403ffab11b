package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.device.cpu.CpuBuffer;

/** The CPU reference of kernels/common/newton.h, float64 arithmetic, parallel over samples. */
final class CpuNewtonOps implements NewtonOps {
    private static CpuBuffer c(DeviceBuffer b) { return CpuBackend.buffer(b); }

    private static CpuBuffer opt(DeviceBuffer b) { return b == null ? null : CpuBackend.buffer(b); }

    @Override
    public void gramColumns(DeviceBuffer g, DeviceBuffer f, int n, int m, double scale) {
        double[] G = c(g).reals();
        CpuBuffer F = c(f);
        CpuBackend.parallelFor(m, j -> {
            for (int k = 0; k <= j; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += G[i * m + j] * G[i * m + k];
                F.store(j * m + k, s * scale);
                F.store(k * m + j, s * scale);
            }
        });
    }

    @Override
    public void gramRows(DeviceBuffer g, DeviceBuffer k, int n, int m) {
        double[] G = c(g).reals();
        CpuBuffer K = c(k);
        CpuBackend.parallelFor(n, i -> {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int q = 0; q < m; q++) s += G[i * m + q] * G[j * m + q];
                K.store(i * n + j, s);
                K.store(j * n + i, s);
            }
        });
    }

    @Override
    public void woodburyFinish(DeviceBuffer g, DeviceBuffer cc, DeviceBuffer d, int n, int m, double lambda) {
        double[] G = c(g).reals(), C = c(cc).reals();
        CpuBuffer D = c(d);
        CpuBackend.parallelFor(n, i -> {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += C[i * n + k] * G[k * m + j];
                D.store(i * m + j, (G[i * m + j] - s) / lambda);
            }
        });
    }

    @Override
    public void fisherSample(DeviceBuffer g, DeviceBuffer d, int n, int m, double lambda) {
        double[] G = c(g).reals();
        CpuBuffer D = c(d);
        CpuBackend.parallelFor(n, i -> {
            double s = lambda;
            for (int j = 0; j < m; j++) s += G[i * m + j] * G[i * m + j];
            for (int j = 0; j < m; j++) D.store(i * m + j, G[i * m + j] / s);
        });
    }

    @Override
    public void scaleCopy(DeviceBuffer g, DeviceBuffer d, long total, double scale) {
        double[] G = c(g).reals();
        CpuBuffer D = c(d);
        for (int e = 0; e < total; e++) D.store(e, G[e] * scale);
    }

    @Override
    public void newtonOutputs(DeviceBuffer y, DeviceBuffer d, DeviceBuffer z, DeviceBuffer s, DeviceBuffer halfSq, int n, int m) {
        double[] Y = c(y).reals(), D = c(d).reals();
        CpuBuffer Z = c(z), S = c(s), Q = c(halfSq);
        CpuBackend.parallelFor(n, i -> {
            double q = 0;
            for (int j = 0; j < m; j++) {
                double dv = D[i * m + j];
                Z.store(i * m + j, Y[i * m + j] - dv);
                S.store(i * m + j, dv / n);
                q += dv * dv;
            }
            Q.store(i, 0.5 * q);
        });
    }

    @Override
    public double sum(DeviceBuffer x, int n) {
        double[] X = c(x).reals();
        double s = 0;
        for (int i = 0; i < n; i++) s += X[i];
        return s;
    }

    @Override
    public void unitVectors(DeviceBuffer v, int n, int m, int k) {
        CpuBuffer V = c(v);
        for (int e = 0; e < n * m; e++) V.store(e, e % m == k ? 1 : 0);
    }

    @Override
    public void scatterColumn(DeviceBuffer hv, DeviceBuffer h, int n, int m, int k) {
        double[] HV = c(hv).reals();
        CpuBuffer H = c(h);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) H.store(i * m * m + j * m + k, HV[i * m + j]);
    }

    @Override
    public void mseEval(DeviceBuffer y, DeviceBuffer t, DeviceBuffer value, DeviceBuffer grad, DeviceBuffer hess, int n, int m) {
        double[] Y = c(y).reals(), T = c(t).reals();
        CpuBuffer V = opt(value), G = opt(grad), H = opt(hess);
        CpuBackend.parallelFor(n, i -> {
            double s = 0;
            for (int j = 0; j < m; j++) {
                double r = Y[i * m + j] - T[i * m + j];
                s += r * r;
                if (G != null) G.store(i * m + j, 2 * r / m);
            }
            if (V != null) V.store(i, s / m);
            if (H != null)
                for (int j = 0; j < m; j++)
                    for (int k = 0; k < m; k++) H.store(i * m * m + j * m + k, j == k ? 2.0 / m : 0);
        });
    }

    @Override
    public void mseHvp(DeviceBuffer v, DeviceBuffer out, long total, int m) {
        double[] V = c(v).reals();
        CpuBuffer O = c(out);
        for (int e = 0; e < total; e++) O.store(e, 2 * V[e] / m);
    }

    @Override
    public void ceEval(DeviceBuffer y, DeviceBuffer labels, DeviceBuffer p, DeviceBuffer value, DeviceBuffer grad,
                       DeviceBuffer hess, int n, int m) {
        double[] Y = c(y).reals();
        int[] L = c(labels).ints();
        CpuBuffer P = c(p), V = opt(value), G = opt(grad), H = opt(hess);
        CpuBackend.parallelFor(n, i -> {
            int t = L[i];
            if (t < 0 || t >= m) {   // as the kernel: an invalid label poisons its sample
                for (int j = 0; j < m; j++) P.store(i * m + j, Double.NaN);
                if (V != null) V.store(i, Double.NaN);
                if (G != null) for (int j = 0; j < m; j++) G.store(i * m + j, Double.NaN);
                if (H != null) for (int e = 0; e < m * m; e++) H.store(i * m * m + e, Double.NaN);
                return;
            }
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) mx = Math.max(mx, Y[i * m + j]);
            double s = 0;
            double[] pr = new double[m];
            for (int j = 0; j < m; j++) { pr[j] = Math.exp(Y[i * m + j] - mx); s += pr[j]; }
            for (int j = 0; j < m; j++) { pr[j] /= s; P.store(i * m + j, pr[j]); }
            if (V != null) V.store(i, Math.log(s) + mx - Y[i * m + t]);
            if (G != null) for (int j = 0; j < m; j++) G.store(i * m + j, pr[j] - (j == t ? 1 : 0));
            if (H != null)
                for (int j = 0; j < m; j++)
                    for (int k = 0; k < m; k++) H.store(i * m * m + j * m + k, (j == k ? pr[j] : 0) - pr[j] * pr[k]);
        });
    }

    @Override
    public void ceHvp(DeviceBuffer p, DeviceBuffer v, DeviceBuffer out, int n, int m) {
        double[] P = c(p).reals(), V = c(v).reals();
        CpuBuffer O = c(out);
        CpuBackend.parallelFor(n, i -> {
            double pv = 0;
            for (int j = 0; j < m; j++) pv += P[i * m + j] * V[i * m + j];
            for (int j = 0; j < m; j++) O.store(i * m + j, P[i * m + j] * (V[i * m + j] - pv));
        });
    }

    @Override
    public void ceNewtonSample(DeviceBuffer p, DeviceBuffer g, DeviceBuffer d, int n, int m, double lambda) {
        double[] P = c(p).reals(), G = c(g).reals();
        CpuBuffer D = c(d);
        CpuBackend.parallelFor(n, i -> {
            double pag = 0, pap = 0;
            for (int j = 0; j < m; j++) {
                double pj = P[i * m + j], a = pj + lambda;
                pag += pj * G[i * m + j] / a;
                pap += pj * pj / a;
            }
            double cc = pag / (1 - pap);
            for (int j = 0; j < m; j++) {
                double pj = P[i * m + j];
                D.store(i * m + j, (G[i * m + j] + pj * cc) / (pj + lambda));
            }
        });
    }
}
