package org.newton4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

class AliceTest {
    private static final CpuBackend CPU = CpuBackend.shared();

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    /**
     * On a separable quadratic with hess_comp = abs (or rms) the curvature estimate |hz| (√EMA hz²) is the exact
     * diagonal Hessian; without glass, with ε negligible and bounds that never bind, the step is
     * the exact Newton step −G/h. With φ = 1 − β1 and ω = 1 the look-ahead then makes the lagged
     * EMA exact: the G each step uses equals ∇L at the centre μ it steps from, at every step
     * (warm-up, sample and quick steps alike).
     */
    @Test
    void lookAheadMakesTheEmaGradientExactOnAQuadraticWithNewtonScaling() {
        double[] h = {0.5, 1, 2, 4, 1.5, 3};
        double[][] a = new double[6][6];
        for (int i = 0; i < 6; i++) a[i][i] = h[i];
        Problems.Quadratic q = new Problems.Quadratic(a, new double[] {1, -2, 0.5, 3, -1, 0.25});
        double[] x0 = {0.3, 0.7, -1.1, 2.2, 0.4, -0.6};
        for (String hessComp : new String[] {"abs", "rms"}) {
            ParameterSet params = HostProblem.upload(CPU, Precision.F64, x0, new String[] {"a", "b"}, new int[][] {{2, 2}, {2}});
            try (Alice<Object> alice = Alice.builder(params, q.gradientOracle()).lr(0.5).hessComp(hessComp).gradGlass(false)
                    .limiter("fixed").lrMin(0).lrMax(1e300).eps(1e-300).betas(0.9, 0.999).quickSteps(3).build()) {
                int checked = 0;
                for (int n = 1; n <= 80; n++) {
                    double[] muBefore = HostProblem.gather(alice.centre());
                    alice.step(null);
                    double[] gradAtMu = new double[6];
                    q.gradient(muBefore, null, gradAtMu);
                    double[] g = HostProblem.gather(alice.emaGradient());
                    for (int i = 0; i < 6; i++)
                        assertEquals(gradAtMu[i], g[i], 1e-12, hessComp + ": step " + n + ", element " + i);
                    checked++;
                }
                assertEquals(80, checked);
                // and it converges to the minimiser: each step removes the fraction φ of the error
                assertTrue(distance(HostProblem.gather(params.buffers()), q.xStar) < 1e-2 * distance(x0, q.xStar));
                assertArrayEquals(HostProblem.gather(alice.centre()), HostProblem.gather(params.buffers()), 0, "parameters hold μ");
            } finally {
                HostProblem.close(params);
            }
        }
    }

    @Test
    void sampleAndQuickStepsFollowTheWarmupAndPeriod() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(1), 3);
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[] {1, 2, 3}, new String[] {"w"}, new int[][] {{3}});
        try (Alice<Object> alice = Alice.builder(params, q.gradientOracle()).quickSteps(3).build()) {
            assertEquals(10, alice.warmupBatches());
            long expected = 0;
            for (int n = 1; n <= 30; n++) {
                alice.step(null);
                expected += (n <= 10 || n % 4 == 0) ? 3 : 1;
                assertEquals(expected, alice.gradientEvaluations(), "after batch " + n);
            }
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void nanStepTakesTheUpperBound() {
        // |G| = ∞ gives δ = ∞/∞ = NaN; the reference's comparison replaces it by the upper bound
        AliceCoefficients c = new AliceCoefficients(1e-3, 0.9, 0.999, 0.996, 0, 0, 1e-8, 0, 0.25, 0.1, 1, 1, true, 0);
        assertEquals(-0.25, AliceStep.delta(Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY, 1, c), 0);
        assertEquals(0.25, AliceStep.delta(-1, Double.NaN, 1, 1, c), 0);
    }

    /** δ by hand for each limiter and curvature mode (g = −0.6, ρ = 0.02, H = 4, V = 0.09, ε = 1e-8). */
    @Test
    void stepFormulaByHand() {
        double g = -0.6, r = 0.02, h = 4, v = 0.09, eps = 1e-8;
        for (int hc = 0; hc <= 2; hc++)
            for (int lim = 0; lim <= 2; lim++) {
                AliceCoefficients c = new AliceCoefficients(1e-3, 0.9, 0.999, 0.996, 0, 0, eps, 0.01, 0.5, 0.1, 1, hc, true, lim);
                double curv = hc == 0 ? 0 : hc == 1 ? h : Math.sqrt(h);
                double alpha = 3 / (4 * Math.PI) * r / (0.6 + eps);
                double delta = 0.6 / (alpha + curv + Math.sqrt(alpha * (alpha + 2 * curv)) + eps);
                double scale = lim == 0 ? 1 : lim == 1 ? 0.6 : 0.6 / (Math.sqrt(v) + eps);
                double expected = Math.min(Math.max(delta, 0.01 * scale), 0.5 * scale);  // g < 0: step is positive
                assertEquals(expected, AliceStep.delta(g, r, h, v, c), 1e-15, "hess_comp " + hc + ", limiter " + lim);
            }
        AliceCoefficients noGlass = new AliceCoefficients(1e-3, 0.9, 0.999, 0.996, 0, 0, eps, 0, 10, 0.1, 1, 1, false, 0);
        assertEquals(-0.6 / (4 + eps), AliceStep.delta(0.6, 5, 4, 1, noGlass), 1e-15, "no glass: Newton step, sign of descent");
    }

    @Test
    void rademacherDrawsAreBalancedAndKeyed() {
        int plus = 0;
        for (long i = 0; i < 100_000; i++) plus += Rademacher.sign(7, 3, i) > 0 ? 1 : 0;
        assertTrue(Math.abs(plus - 50_000) < 1_000, "balanced: " + plus);
        int same = 0;
        for (long i = 0; i < 10_000; i++) same += Rademacher.sign(7, 3, i) == Rademacher.sign(7, 4, i) ? 1 : 0;
        assertTrue(Math.abs(same - 5_000) < 300, "steps decorrelated: " + same);
        assertEquals(Rademacher.sign(1, 2, (1L << 33) + 5), Rademacher.sign(1, 2, (1L << 33) + 5));
    }

    /** Rosenbrock's curved valley is hard for an elementwise method: φ = 0.5 (β1 = 0.5) and many cheap steps. */
    @Test
    void convergesOnRosenbrock() {
        Problems.Rosenbrock f = new Problems.Rosenbrock(2);
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[] {-1.2, 1}, new String[] {"x"}, new int[][] {{2}});
        try (Alice<Object> alice = Alice.builder(params, f.gradientOracle()).lr(0.01).lrMax(0.2).betas(0.5, 0.999).build()) {
            for (int n = 0; n < 12000; n++) alice.step(null);
            double[] x = HostProblem.gather(params.buffers());
            assertTrue(distance(x, new double[] {1, 1}) < 2e-2, "Rosenbrock end point " + java.util.Arrays.toString(x));
            assertTrue(f.value(x, null) < 1e-4, "Rosenbrock value " + f.value(x, null));
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void convergesOnLogisticRegressionWithMinibatches() {
        Random rnd = new Random(21);
        Problems.Logistic f = new Problems.Logistic(rnd, 400, 4, 0.01);
        double[] opt = f.optimum();
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[5], new String[] {"weight", "bias"}, new int[][] {{4}, {1}});
        try (Alice<int[]> alice = Alice.builder(params, f.gradientOracle()).lr(0.01).build()) {
            for (int n = 0; n < 1500; n++) alice.step(minibatch(rnd, 400, 50));
            double[] x = HostProblem.gather(params.buffers());
            double gap = f.value(x, null) - f.value(opt, null);
            assertTrue(gap < 2e-3, "loss gap to the optimum " + gap + " at " + java.util.Arrays.toString(x));
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void fitsASmallLeastSquaresMlp() {
        Random rnd = new Random(5);
        Problems.Mlp f = new Problems.Mlp(rnd, 64, 3, 6, 2);
        double[] x0 = f.initial(rnd, 1.0);
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, x0, f.names(), f.shapes());
        try (Alice<int[]> alice = Alice.builder(params, f.gradientOracle()).lr(0.01).build()) {
            double start = f.value(x0, null);
            for (int n = 0; n < 2000; n++) alice.step(null);
            double end = f.value(HostProblem.gather(params.buffers()), null);
            assertTrue(end < 1e-2 * start, "MLP loss " + start + " -> " + end);
        } finally {
            HostProblem.close(params);
        }
    }

    static int[] minibatch(Random rnd, int n, int size) {
        int[] b = new int[size];
        for (int i = 0; i < size; i++) b[i] = rnd.nextInt(n);
        return b;
    }

    @Test
    void checkpointResumeReproducesTheTrajectory() {
        Random rnd = new Random(9);
        Problems.Mlp f = new Problems.Mlp(rnd, 16, 2, 3, 1);
        double[] x0 = f.initial(rnd, 1.0);
        ParameterSet a = HostProblem.upload(CPU, Precision.F64, x0, f.names(), f.shapes());
        ParameterSet b = HostProblem.upload(CPU, Precision.F64, x0, f.names(), f.shapes());
        try (Alice<int[]> first = Alice.builder(a, f.gradientOracle()).lr(0.01).seed(4).build();
             Alice<int[]> second = Alice.builder(b, f.gradientOracle()).lr(0.01).seed(4).build()) {
            for (int n = 0; n < 17; n++) first.step(null);
            byte[] state = first.saveState();
            HostProblem.scatter(HostProblem.gather(a.buffers()), b.buffers());
            second.restoreState(state);
            assertEquals(17, second.steps());
            for (int n = 0; n < 9; n++) {
                first.step(null);
                second.step(null);
            }
            assertArrayEquals(HostProblem.gather(a.buffers()), HostProblem.gather(b.buffers()), 0);
            assertArrayEquals(HostProblem.gather(first.curvature()), HostProblem.gather(second.curvature()), 0);
        } finally {
            HostProblem.close(a);
            HostProblem.close(b);
        }
    }

    @Test
    void badInputIsRejectedWithItsName() {
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[] {1, 2}, new String[] {"w"}, new int[][] {{2}});
        try {
            GradientOracle<Object> nan = (at, batch, g) -> {
                CPU.write(g.get(0), 0, new double[] {1, Double.NaN}, 0, 2);
                return 1;
            };
            try (Alice<Object> alice = Alice.builder(params, nan).build()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> alice.step(null));
                assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("NaN"), e.getMessage());
                assertArrayEquals(new double[] {1, 2}, HostProblem.gather(params.buffers()), 0, "parameters back at μ");
            }
            GradientOracle<Object> ok = (at, batch, g) -> 0;
            assertMessage("lr", () -> Alice.builder(params, ok).lr(-1).build());
            assertMessage("beta1", () -> Alice.builder(params, ok).betas(1, 0.999).build());
            assertMessage("hessComp", () -> Alice.builder(params, ok).hessComp("cubic").build());
            assertMessage("limiter", () -> Alice.builder(params, ok).limiter("none").build());
            assertMessage("lrMax", () -> Alice.builder(params, ok).lrMin(1).lrMax(0.5).build());
            assertMessage("phi", () -> Alice.builder(params, ok).phi(2.5).build());
            assertMessage("beta2", () -> Alice.builder(params, ok).betas(0.9, 0.5).quickSteps(3).build());
            assertMessage("hessComp", () -> Alice.builder(params, ok).hessComp("zero").gradGlass(false).build());
            assertMessage("quickSteps", () -> Alice.builder(params, ok).quickSteps(-1).build());
            try (Alice<Object> alice = Alice.builder(params, ok).build()) {
                byte[] other;
                ParameterSet bigger = HostProblem.upload(CPU, Precision.F64, new double[3], new String[] {"w"}, new int[][] {{3}});
                try (Alice<Object> o = Alice.builder(bigger, ok).build()) {
                    other = o.saveState();
                } finally {
                    HostProblem.close(bigger);
                }
                assertMessage("'w'", () -> alice.restoreState(other));
            }
        } finally {
            HostProblem.close(params);
        }
    }

    static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable ex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should name " + fragment);
    }
}
