package org.newton4j.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/**
 * Checks any {@link TwiceDifferentiableLoss} on the CPU in float64: the gradient against central
 * differences of the values, the Hessian against central differences of the gradient, and the
 * Hessian-vector product against the Hessian. Usable by every loss's tests.
 */
public final class LossDerivativeCheck {
    private LossDerivativeCheck() { }

    /** targets: the loss's target buffer (created by the caller on the given CPU backend). */
    public static void check(TwiceDifferentiableLoss loss, CpuBackend cpu, double[] y, DeviceBuffer targets, int n,
                             double step, double tolerance) {
        int m = loss.dimension();
        double[] g = new double[n * m], h = new double[n * m * m];
        try (DeviceBuffer yb = cpu.upload(Precision.F64, y); DeviceBuffer gb = cpu.allocate(Precision.F64, n * m);
             DeviceBuffer hb = loss.providesHessian() ? cpu.allocate(Precision.F64, (long) n * m * m) : null) {
            loss.evaluate(new LossBatch(yb, targets, n), new LossOutputs(null, gb, hb));
            cpu.read(gb, 0, g, 0, g.length);
            if (hb != null) cpu.read(hb, 0, h, 0, h.length);
        }
        double[] plus = y.clone(), minus = y.clone();
        double[] fdGrad = new double[n * m], fdHess = new double[n * m * m];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) { plus[i * m + j] += step; minus[i * m + j] -= step; }
            double[] vp = values(loss, cpu, plus, targets, n), vm = values(loss, cpu, minus, targets, n);
            double[] gp = gradients(loss, cpu, plus, targets, n), gm = gradients(loss, cpu, minus, targets, n);
            for (int i = 0; i < n; i++) {
                fdGrad[i * m + j] = (vp[i] - vm[i]) / (2 * step);
                for (int k = 0; k < m; k++) fdHess[i * m * m + k * m + j] = (gp[i * m + k] - gm[i * m + k]) / (2 * step);
                plus[i * m + j] = y[i * m + j];
                minus[i * m + j] = y[i * m + j];
            }
        }
        assertClose("gradient", fdGrad, g, tolerance);
        if (loss.providesHessian()) assertClose("hessian", fdHess, h, tolerance);
        // HVP against the finite-difference Hessian, along a fixed pseudo-random direction
        double[] v = new double[n * m], hv = new double[n * m], expected = new double[n * m];
        for (int e = 0; e < v.length; e++) v[e] = Math.sin(1.7 * e + 0.3);
        try (DeviceBuffer yb = cpu.upload(Precision.F64, y); DeviceBuffer vb = cpu.upload(Precision.F64, v);
             DeviceBuffer out = cpu.allocate(Precision.F64, n * m)) {
            loss.hessianVectorProduct(new LossBatch(yb, targets, n), vb, out);
            cpu.read(out, 0, hv, 0, hv.length);
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                for (int k = 0; k < m; k++) expected[i * m + j] += fdHess[i * m * m + j * m + k] * v[i * m + k];
        assertClose("hessian-vector product", expected, hv, tolerance);
    }

    private static double[] values(TwiceDifferentiableLoss loss, CpuBackend cpu, double[] y, DeviceBuffer t, int n) {
        try (DeviceBuffer yb = cpu.upload(Precision.F64, y); DeviceBuffer vb = cpu.allocate(Precision.F64, n)) {
            loss.evaluate(new LossBatch(yb, t, n), new LossOutputs(vb, null, null));
            return cpu.toDoubles(vb);
        }
    }

    private static double[] gradients(TwiceDifferentiableLoss loss, CpuBackend cpu, double[] y, DeviceBuffer t, int n) {
        try (DeviceBuffer yb = cpu.upload(Precision.F64, y); DeviceBuffer gb = cpu.allocate(Precision.F64, (long) n * loss.dimension())) {
            loss.evaluate(new LossBatch(yb, t, n), new LossOutputs(null, gb, null));
            return cpu.toDoubles(gb);
        }
    }

    private static void assertClose(String what, double[] expected, double[] actual, double tol) {
        double d = 0, s = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]), what + "[" + i + "] = " + actual[i]);
            d += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            s += expected[i] * expected[i];
        }
        double rel = Math.sqrt(d) / Math.max(Math.sqrt(s), 1e-12);
        assertTrue(rel <= tol, what + " vs finite differences: relative error " + rel + " > " + tol);
    }
}
