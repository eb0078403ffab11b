package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.cpu.CpuBackend;

/**
 * A user's own loss, as a test subject: ℓ(y) = Σ_j a_j y_j⁴/12 + ½ (y − c)ᵀ B (y − c) with targets c
 * (N×m reals). Gradient a∘y³/3 + B(y − c), Hessian diag(a∘y²) + B. CPU buffers only.
 */
final class QuarticLoss implements TwiceDifferentiableLoss {
    final int m;
    final double[] a, b;
    final boolean fullHessian;

    QuarticLoss(double[] a, double[] b, boolean fullHessian) {
        this.m = a.length;
        this.a = a;
        this.b = b;
        this.fullHessian = fullHessian;
    }

    @Override public int dimension() { return m; }
    @Override public boolean providesHessian() { return fullHessian; }

    double value(double[] y, int yo, double[] c, int co) {
        double v = 0;
        for (int j = 0; j < m; j++) v += a[j] * Math.pow(y[yo + j], 4) / 12;
        for (int j = 0; j < m; j++)
            for (int k = 0; k < m; k++) v += 0.5 * (y[yo + j] - c[co + j]) * b[j * m + k] * (y[yo + k] - c[co + k]);
        return v;
    }

    double[] gradient(double[] y, int yo, double[] c, int co) {
        double[] g = new double[m];
        for (int j = 0; j < m; j++) {
            g[j] = a[j] * Math.pow(y[yo + j], 3) / 3;
            for (int k = 0; k < m; k++) g[j] += b[j * m + k] * (y[yo + k] - c[co + k]);
        }
        return g;
    }

    double[] hessian(double[] y, int yo) {
        double[] h = b.clone();
        for (int j = 0; j < m; j++) h[j * m + j] += a[j] * y[yo + j] * y[yo + j];
        return h;
    }

    @Override
    public void evaluate(LossBatch batch, LossOutputs out) {
        double[] y = CpuBackend.buffer(batch.y()).reals(), c = CpuBackend.buffer(batch.targets()).reals();
        for (int i = 0; i < batch.size(); i++) {
            if (out.values() != null) CpuBackend.buffer(out.values()).store(i, value(y, i * m, c, i * m));
            if (out.gradient() != null) {
                double[] g = gradient(y, i * m, c, i * m);
                for (int j = 0; j < m; j++) CpuBackend.buffer(out.gradient()).store(i * m + j, g[j]);
            }
            if (out.hessian() != null) {
                if (!fullHessian) throw new IllegalStateException("this loss offers HVPs only");
                double[] h = hessian(y, i * m);
                for (int e = 0; e < m * m; e++) CpuBackend.buffer(out.hessian()).store(i * m * m + e, h[e]);
            }
        }
    }

    @Override
    public void hessianVectorProduct(LossBatch batch, DeviceBuffer v, DeviceBuffer out) {
        double[] y = CpuBackend.buffer(batch.y()).reals(), vv = CpuBackend.buffer(v).reals();
        for (int i = 0; i < batch.size(); i++) {
            double[] h = hessian(y, i * m);
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) s += h[j * m + k] * vv[i * m + k];
                CpuBackend.buffer(out).store(i * m + j, s);
            }
        }
    }
}
