package org.newton4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.newton4j.device.Backend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/**
 * Central finite differences (float64, CPU) of f(x, θ) = Σ r ⊙ layer(x) against the layer's backward
 * pass, for the input and for every parameter.
 */
final class GradientCheck {
    static final Backend CPU = CpuBackend.shared();
    private static final double H = 1e-6;

    private GradientCheck() { }

    static double[] random(SplittableRandom rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 2 * rng.nextDouble() - 1;
        return a;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Checks dL/dx and dL/dθ of {@code layer} at a random input of shape inputShape. */
    static void check(Layer layer, long seed, double tolerance, int... inputShape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = random(rng, (int) Tensor.size(inputShape));
        try (Tensor input = Tensor.upload(CPU, Precision.F64, x, inputShape)) {
            int[] outShape = layer.outputShape(inputShape);
            double[] r = random(rng, (int) Tensor.size(outShape));
            for (Parameter p : layer.parameters()) p.zeroGradient();
            Tensor y = layer.forward(input);
            assertTrue(y.sameShape(outShape), "forward shape agrees with outputShape");
            try (Tensor dy = Tensor.upload(CPU, Precision.F64, r, outShape)) {
                double[] dx = layer.backward(dy).toHost();
                double[] fdx = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    double[] xp = x.clone(), xm = x.clone();
                    xp[i] += H;
                    xm[i] -= H;
                    fdx[i] = (objective(layer, xp, inputShape, r) - objective(layer, xm, inputShape, r)) / (2 * H);
                }
                assertClose("input gradient of " + layer, fdx, dx, tolerance);
                for (Parameter p : layer.parameters()) {
                    double[] analytic = p.gradient().toHost();
                    double[] theta = p.value().toHost();
                    double[] fd = new double[theta.length];
                    for (int i = 0; i < theta.length; i++) {
                        double keep = theta[i];
                        theta[i] = keep + H;
                        CPU.write(p.value().buffer(), 0, theta, 0, theta.length);
                        double fp = objective(layer, x, inputShape, r);
                        theta[i] = keep - H;
                        CPU.write(p.value().buffer(), 0, theta, 0, theta.length);
                        double fm = objective(layer, x, inputShape, r);
                        theta[i] = keep;
                        CPU.write(p.value().buffer(), 0, theta, 0, theta.length);
                        fd[i] = (fp - fm) / (2 * H);
                    }
                    assertClose("gradient of " + p.name() + " in " + layer, fd, analytic, tolerance);
                }
            }
        }
    }

    private static double objective(Layer layer, double[] x, int[] shape, double[] r) {
        try (Tensor input = Tensor.upload(CPU, Precision.F64, x, shape)) {
            return dot(layer.forward(input).toHost(), r);
        }
    }

    static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": length");
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]), what + ": non-finite element " + i);
            num += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            den += expected[i] * expected[i];
        }
        assertTrue(den > 0, what + ": reference is all zeros, the check would be vacuous");
        double rel = Math.sqrt(num / den);
        assertTrue(rel < tolerance, what + ": relative error " + rel + " >= " + tolerance);
    }
}
