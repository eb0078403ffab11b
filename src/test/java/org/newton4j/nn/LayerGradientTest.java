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
