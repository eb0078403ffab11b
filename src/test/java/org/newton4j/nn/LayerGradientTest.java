package org.newton4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.newton4j.device.Precision;

class LayerGradientTest {
    private static final double TOL = 1e-7;

    @Test
    void linear() {
        try (Linear l = new Linear(GradientCheck.CPU, Precision.F64, 7, 5)) {
            GradientCheck.check(l, 1, TOL, 4, 7);
        }
    }

    @Test
    void conv2dSamePadding() {
        try (Conv2d c = new Conv2d(GradientCheck.CPU, Precision.F64, 2, 3, 3, 1, 1)) {
            c.initialize(Initializer.KAIMING_NORMAL, new java.util.SplittableRandom(3));
            GradientCheck.check(c, 2, TOL, 2, 2, 5, 6);
        }
    }

    @Test
    void conv2dStridedNoPadding() {
        try (Conv2d c = new Conv2d(GradientCheck.CPU, Precision.F64, 3, 2, 3, 2, 0)) {
            GradientCheck.check(c, 3, TOL, 3, 3, 7, 8);
        }
    }

    @Test
    void conv2dFiveByFiveWidePadding() {
        try (Conv2d c = new Conv2d(GradientCheck.CPU, Precision.F64, 1, 4, 5, 1, 2)) {
            GradientCheck.check(c, 4, TOL, 2, 1, 6, 9);
        }
    }

    /**
     * The forward pass against a direct cross-correlation (the gradient checks above only show that
     * forward and backward agree): stride 1 with padding on both sides of a kernel wider than the
     * image, and stride 2 with padding.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2,3,5,1,2,4,3", "1,2,3,1,1,6,7", "2,2,3,2,1,7,6", "1,1,5,1,2,9,5"})
    void conv2dForwardMatchesDirectCorrelation(int inC, int outC, int k, int s, int p, int h, int w) {
        var rng = new java.util.SplittableRandom(inC * 1000L + k * 100L + s * 10L + p + h * 7L + w);
        try (Conv2d c = new Conv2d(GradientCheck.CPU, Precision.F64, inC, outC, k, s, p)) {
            c.initialize(Initializer.KAIMING_NORMAL, rng);
            double[] x = GradientCheck.random(rng, 2 * inC * h * w);
            double[] wt = c.weight().value().toHost(), b = c.bias().value().toHost();
            int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
            double[] expected = new double[2 * outC * oh * ow];
            for (int img = 0; img < 2; img++)
                for (int o = 0; o < outC; o++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++) {
                            double sum = b[o];
                            for (int ci = 0; ci < inC; ci++)
                                for (int ki = 0; ki < k; ki++)
                                    for (int kj = 0; kj < k; kj++) {
                                        int yi = i * s - p + ki, xj = j * s - p + kj;
                                        if (yi >= 0 && yi < h && xj >= 0 && xj < w)
                                            sum += wt[((o * inC + ci) * k + ki) * k + kj] * x[((img * inC + ci) * h + yi) * w + xj];
                                    }
                            expected[((img * outC + o) * oh + i) * ow + j] = sum;
                        }
            try (Tensor in = Tensor.upload(GradientCheck.CPU, Precision.F64, x, 2, inC, h, w)) {
                GradientCheck.assertClose("conv2d forward", expected, c.forward(in).toHost(), 1e-13);
            }
        }
    }

    @Test
    void relu() { GradientCheck.check(ActivationLayer.relu(), 5, TOL, 3, 2, 4, 4); }

    @Test
    void tanh() { GradientCheck.check(ActivationLayer.tanh(), 6, TOL, 5, 11); }

    @Test
    void elu() { GradientCheck.check(ActivationLayer.elu(0.7), 7, TOL, 5, 11); }

    @Test
    void softplus() { GradientCheck.check(ActivationLayer.softplus(), 9, TOL, 5, 11); }

    @Test
    void softplusIsPositiveAndStableAtLargeInputs() {
        for (double x : new double[] {-800, -40, -1, 0, 1, 40, 800}) {
            double v = Activation.SOFTPLUS.value(x, 0);
            assertTrue(v >= 0 && Double.isFinite(v), "softplus(" + x + ") = " + v);
            double naive = Math.log1p(Math.exp(x));   // fine below 700, overflows above
            assertEquals(x > 700 ? x : naive, v, 1e-14 * Math.max(1, Math.abs(v)), "softplus(" + x + ")");
            double h = 1e-5;
            if (Math.abs(x) < 50) {
                assertEquals((Activation.SOFTPLUS.value(x + h, 0) - Activation.SOFTPLUS.value(x - h, 0)) / (2 * h),
                        Activation.SOFTPLUS.derivative(x, 0), 1e-9);
                assertEquals((Activation.SOFTPLUS.derivative(x + h, 0) - Activation.SOFTPLUS.derivative(x - h, 0)) / (2 * h),
                        Activation.SOFTPLUS.secondDerivative(x, 0), 1e-9);
            }
        }
    }

    @Test
    void maxPool() { GradientCheck.check(new MaxPool2d(2), 8, TOL, 2, 3, 6, 8); }

    @Test
    void maxPoolOverlappingWindows() { GradientCheck.check(new MaxPool2d(3, 2), 9, TOL, 2, 2, 7, 7); }

    @Test
    void flatten() { GradientCheck.check(new Flatten(), 10, TOL, 2, 3, 2, 2); }

    @Test
    void smallConvNet() {
        var cpu = GradientCheck.CPU;
        try (Sequential net = new Sequential(
                new Conv2d(cpu, Precision.F64, 1, 3, 3, 1, 1), ActivationLayer.relu(), new MaxPool2d(2),
                new Conv2d(cpu, Precision.F64, 3, 4, 3, 1, 1), ActivationLayer.elu(1.0), new MaxPool2d(2),
                new Flatten(), new Linear(cpu, Precision.F64, 4 * 2 * 3, 5), ActivationLayer.tanh(),
                new Linear(cpu, Precision.F64, 5, 1))) {
            net.initialize(Initializer.KAIMING_UNIFORM, 11);
            GradientCheck.check(net, 12, 1e-6, 3, 1, 8, 12);
        }
    }

    /** backwardParameters skips only the input gradient: parameter gradients equal backward's, bit for bit. */
    @Test
    void backwardParametersGivesBackwardsParameterGradients() {
        var cpu = GradientCheck.CPU;
        var rng = new java.util.SplittableRandom(21);
        for (boolean convFirst : new boolean[] {true, false}) {
            try (Sequential net = convFirst
                    ? new Sequential(new Conv2d(cpu, Precision.F64, 1, 3, 3, 1, 1), ActivationLayer.relu(), new Flatten(),
                            new Linear(cpu, Precision.F64, 3 * 4 * 5, 2))
                    : new Sequential(new Flatten(), new Linear(cpu, Precision.F64, 20, 3), ActivationLayer.tanh(),
                            new Linear(cpu, Precision.F64, 3, 2));
                 Tensor x = Tensor.upload(cpu, Precision.F64, GradientCheck.random(rng, 2 * 20), 2, 1, 4, 5);
                 Tensor dy = Tensor.upload(cpu, Precision.F64, GradientCheck.random(rng, 4), 2, 2)) {
                net.initialize(Initializer.KAIMING_UNIFORM, 5);
                net.zeroGradients();
                net.forward(x);
                net.backward(dy);
                java.util.List<double[]> full = net.parameters().stream().map(q -> q.gradient().toHost()).toList();
                net.zeroGradients();
                net.forward(x);
                net.backwardParameters(dy);
                for (int i = 0; i < full.size(); i++)
                    org.junit.jupiter.api.Assertions.assertArrayEquals(full.get(i), net.parameters().get(i).gradient().toHost(),
                            (convFirst ? "conv-first " : "flatten-first ") + net.parameters().get(i).name());
            }
        }
    }

    @Test
    void shapeMismatchesNameTheLayer() {
        try (Linear l = new Linear(GradientCheck.CPU, Precision.F64, 3, 2)) {
            var e = assertThrows(IllegalArgumentException.class, () -> l.outputShape(4, 5));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("linear"), e.getMessage());
        }
        try (Conv2d c = new Conv2d(GradientCheck.CPU, Precision.F64, 2, 2, 5, 1, 0)) {
            assertThrows(IllegalArgumentException.class, () -> c.outputShape(1, 3, 8, 8));
            assertThrows(IllegalArgumentException.class, () -> c.outputShape(1, 2, 3, 8));
        }
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(GradientCheck.CPU, Precision.F64, 1, 1, 3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ActivationLayer.elu(-1));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3).outputShape(1, 1, 2, 5));
        assertThrows(IllegalStateException.class, () -> new MaxPool2d(2).backward(null));
    }
}
