package org.newton4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/** SGD and Adam against a host transcription of PyTorch's update rules; parameter-set and partition checks. */
class BaselinesTest {
    private static final CpuBackend CPU = CpuBackend.shared();

    @Test
    void sgdMatchesTheReferenceRuleWithMomentumNesterovAndWeightDecay() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(1), 4);
        for (boolean nesterov : new boolean[] {false, true}) {
            double lr = 0.1, mom = 0.8, damp = nesterov ? 0 : 0.1, wd = 0.01;
            double[] x = {1, -2, 0.5, 3}, buf = new double[4];
            ParameterSet params = HostProblem.upload(CPU, Precision.F64, x, new String[] {"a", "b"}, new int[][] {{2}, {2}});
            try (Sgd<Object> sgd = Sgd.builder(params, q.gradientOracle()).lr(lr).momentum(mom).dampening(damp)
                    .weightDecay(wd).nesterov(nesterov).build()) {
                for (int t = 0; t < 6; t++) {
                    double[] g = new double[4];
                    q.gradient(x, null, g);
                    for (int i = 0; i < 4; i++) {
                        double d = g[i] + wd * x[i];
                        buf[i] = t == 0 ? d : mom * buf[i] + (1 - damp) * d;
                        d = nesterov ? d + mom * buf[i] : buf[i];
                        x[i] -= lr * d;
                    }
                    sgd.step(null);
                    assertArrayEquals(x, HostProblem.gather(params.buffers()), 1e-14, "step " + t);
                }
            } finally {
                HostProblem.close(params);
            }
        }
    }

    @Test
    void adamMatchesTheReferenceRule() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(2), 3);
        double lr = 0.05, b1 = 0.9, b2 = 0.99, eps = 1e-8, wd = 0.02;
        double[] x = {1, -2, 0.5}, m = new double[3], v = new double[3];
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, x, new String[] {"w"}, new int[][] {{3}});
        try (Adam<Object> adam = Adam.builder(params, q.gradientOracle()).lr(lr).betas(b1, b2).eps(eps).weightDecay(wd).build()) {
            for (int t = 1; t <= 7; t++) {
                double[] g = new double[3];
                q.gradient(x, null, g);
                for (int i = 0; i < 3; i++) {
                    double gi = g[i] + wd * x[i];
                    m[i] = b1 * m[i] + (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    double mh = m[i] / (1 - Math.pow(b1, t)), vh = v[i] / (1 - Math.pow(b2, t));
                    x[i] -= lr * mh / (Math.sqrt(vh) + eps);
                }
                adam.step(null);
                assertArrayEquals(x, HostProblem.gather(params.buffers()), 1e-13, "step " + t);
            }
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void baselinesConvergeOnLogisticRegression() {
        Random rnd = new Random(17);
        Problems.Logistic f = new Problems.Logistic(rnd, 300, 3, 0.01);
        double[] opt = f.optimum();
        for (int which = 0; which < 2; which++) {
            ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[4], new String[] {"weight", "bias"}, new int[][] {{3}, {1}});
            try (Optimizer<int[]> o = which == 0
                    ? Sgd.builder(params, f.gradientOracle()).lr(0.5).momentum(0.9).build()
                    : Adam.builder(params, f.gradientOracle()).lr(0.05).build()) {
                for (int t = 0; t < 800; t++) o.step(null);
                double gap = f.value(HostProblem.gather(params.buffers()), null) - f.value(opt, null);
                assertTrue(gap < 1e-6, (which == 0 ? "sgd" : "adam") + " gap " + gap);
            } finally {
                HostProblem.close(params);
            }
        }
    }

    @Test
    void adamCheckpointResumes() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(3), 3);
        double[] x0 = {1, 2, 3};
        ParameterSet a = HostProblem.upload(CPU, Precision.F32, x0, new String[] {"w"}, new int[][] {{3}});
        ParameterSet b = HostProblem.upload(CPU, Precision.F32, x0, new String[] {"w"}, new int[][] {{3}});
        try (Adam<Object> first = Adam.builder(a, q.gradientOracle()).lr(0.1).build();
             Adam<Object> second = Adam.builder(b, q.gradientOracle()).lr(0.3).build()) {
            for (int t = 0; t < 5; t++) first.step(null);
            HostProblem.scatter(HostProblem.gather(a.buffers()), b.buffers());
            second.restoreState(first.saveState());
            assertEquals(0.1, second.lr());
            first.step(null);
            second.step(null);
            assertArrayEquals(HostProblem.gather(a.buffers()), HostProblem.gather(b.buffers()), 0);
        } finally {
            HostProblem.close(a);
            HostProblem.close(b);
        }
    }

    @Test
    void badHyperparametersAndParametersAreNamed() {
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[] {1, 2}, new String[] {"w"}, new int[][] {{2}});
        GradientOracle<Object> zero = (at, batch, g) -> 0;
        try {
            AliceTest.assertMessage("lr", () -> Sgd.builder(params, zero).lr(0).build());
            AliceTest.assertMessage("lr", () -> Sgd.builder(params, zero).lr(Double.NaN).build());
            AliceTest.assertMessage("nesterov", () -> Sgd.builder(params, zero).nesterov(true).build());
            AliceTest.assertMessage("momentum", () -> Sgd.builder(params, zero).momentum(-0.1).build());
            AliceTest.assertMessage("beta2", () -> Adam.builder(params, zero).betas(0.9, 1).build());
            AliceTest.assertMessage("eps", () -> Adam.builder(params, zero).eps(0).build());
            AliceTest.assertMessage("weightDecay", () -> Adam.builder(params, zero).weightDecay(-1).build());
            try (Sgd<Object> s = Sgd.builder(params, zero).build()) {
                assertEquals(1, s.step(null) + 1);
                GradientOracle<Object> inf = (at, batch, g) -> Double.POSITIVE_INFINITY;
                try (Sgd<Object> bad = Sgd.builder(params, inf).build()) {
                    AliceTest.assertMessage("loss", () -> bad.step(null));
                }
                AliceTest.assertMessage("checkpoint", () -> s.restoreState(new byte[] {1, 2, 3, 4, 5}));
            }
            try (DeviceBuffer b3 = CPU.allocate(Precision.F64, 3); DeviceBuffer f32 = CPU.allocate(Precision.F32, 2)) {
                AliceTest.assertMessage("shape", () -> new Parameter("x", b3, new int[] {2, 2}));
                AliceTest.assertMessage("duplicate", () -> ParameterSet.of(params.get(0), params.get(0)));
                AliceTest.assertMessage("precision", () -> ParameterSet.of(params.get(0), Parameter.vector("y", f32)));
                AliceTest.assertMessage("tensors", () -> params.checkMatches(List.of(b3, b3), "gradient"));
                AliceTest.assertMessage("gradient[w]", () -> params.checkMatches(List.of(b3), "gradient"));
            }
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void partitionsFollowTheReferenceSchemes() {
        double[] x = new double[4 + 2 + 2 + 1 + 3];
        ParameterSet p = HostProblem.upload(CPU, Precision.F64, x,
                new String[] {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "scale"}, new int[][] {{2, 2}, {2}, {1, 2}, {1}, {3}});
        try {
            Partition c = Partition.parse("canonical", p, "partition");
            assertEquals(5, c.groups());
            assertEquals(1, Partition.parse("trivial", p, "partition").groups());
            Partition wb = Partition.parse("wb", p, "partition");
            assertEquals(3, wb.groups());
            assertEquals(List.of(0, 1, 0, 1, 2), List.of(wb.groupOf(0), wb.groupOf(1), wb.groupOf(2), wb.groupOf(3), wb.groupOf(4)));
            // blocks of 3 and 2 tensors (the reference's sizes), each split into weights, biases, others
            Partition b2 = Partition.parse("blocks-2", p, "partition");
            assertEquals(4, b2.groups());
            assertEquals(List.of(0, 1, 0, 2, 3), List.of(b2.groupOf(0), b2.groupOf(1), b2.groupOf(2), b2.groupOf(3), b2.groupOf(4)));
            Partition b1 = Partition.blocks(p, 1);
            assertEquals(3, b1.groups());
            AliceTest.assertMessage("blocks-9", () -> Partition.parse("blocks-9", p, "partition"));
            AliceTest.assertMessage("unknown partition", () -> Partition.parse("layers", p, "partition"));
            AliceTest.assertMessage("integer", () -> Partition.parse("blocks-x", p, "partition"));
        } finally {
            HostProblem.close(p);
        }
    }
}
