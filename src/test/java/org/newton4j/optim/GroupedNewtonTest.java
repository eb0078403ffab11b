package org.newton4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

class GroupedNewtonTest {
    private static final CpuBackend CPU = CpuBackend.shared();

    private static double dot(double[] a, double[] b, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i] * b[i];
        return s;
    }

    /** x − (gᵀg / gᵀAg) g on [from, to): the exact line minimiser of a quadratic block along −g. */
    private static void lineMinimise(Problems.Quadratic q, double[] x, double[] g, int from, int to, double[] out) {
        double[] ag = new double[x.length], gBlock = new double[x.length];
        for (int i = from; i < to; i++) gBlock[i] = g[i];
        q.hessianVector(x, null, gBlock, ag);
        double t = dot(g, g, from, to) / dot(gBlock, ag, 0, x.length);
        for (int i = from; i < to; i++) out[i] = x[i] - t * g[i];
    }

    @Test
    void oneGroupWithExactHvpReachesTheMinimiserAlongUInOneStep() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(2), 5);
        double[] x0 = {0.5, -1, 2, 0.25, 1.5};
        for (boolean defaults : new boolean[] {false, true}) {
            ParameterSet params = HostProblem.upload(CPU, Precision.F64, x0, new String[] {"a.weight", "a.bias"}, new int[][] {{3}, {2}});
            GroupedNewton.Builder<Object> b = GroupedNewton.builder(params, q.objective(true), () -> null)
                    .partition(Partition.trivial(params)).sgdDirection(1, 0).lambda1(1);
            if (!defaults) b.period(1).window(1).warmupRefreshes(0);
            try (GroupedNewton<Object> gn = b.build()) {
                int firstMove = defaults ? 30 : 0;  // warm-up: refreshes at 0, 10, 20 only fill the averages
                for (int k = 0; k < firstMove; k++) gn.step(null);
                assertArrayEquals(x0, HostProblem.gather(params.buffers()), 0, "parameters still during warm-up");
                gn.step(null);
                double[] g0 = new double[5], expected = new double[5];
                q.gradient(x0, null, g0);
                lineMinimise(q, x0, g0, 0, 5, expected);
                double[] x1 = HostProblem.gather(params.buffers());
                assertArrayEquals(expected, x1, 1e-12);
                double[] g1 = new double[5];
                q.gradient(x1, null, g1);
                assertEquals(0, dot(g1, g0, 0, 5), 1e-12, "directional derivative at the new point");
                assertEquals(1, gn.lastRefresh().gBar().length);
                assertTrue(gn.lastRefresh().solution().found());
            } finally {
                HostProblem.close(params);
            }
        }
    }

    @Test
    void separableQuadraticGivesPerBlockExactLineMinimisation() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(4), 3, 2, 4);
        double[] x0 = new double[9];
        Random rnd = new Random(6);
        for (int i = 0; i < 9; i++) x0[i] = rnd.nextGaussian();
        int[] cut = {0, 3, 5, 9};
        for (boolean exact : new boolean[] {true, false}) {
            ParameterSet params = HostProblem.upload(CPU, Precision.F64, x0, new String[] {"t0", "t1", "t2"}, new int[][] {{3}, {2}, {4}});
            try (GroupedNewton<Object> gn = GroupedNewton.builder(params, q.objective(exact), () -> null)
                    .sgdDirection(1, 0).lambda1(1).period(1).window(1).warmupRefreshes(0).build()) {
                assertEquals(3, gn.partition().groups());
                gn.step(null);
                double[] g0 = new double[9], expected = new double[9];
                q.gradient(x0, null, g0);
                for (int s = 0; s < 3; s++) lineMinimise(q, x0, g0, cut[s], cut[s + 1], expected);
                double tol = exact ? 1e-12 : 1e-7;
                assertArrayEquals(expected, HostProblem.gather(params.buffers()), tol, exact ? "exact HVP" : "finite-difference HVP");
                double[][] h = gn.lastRefresh().hBar();
                for (int s = 0; s < 3; s++)
                    for (int t = 0; t < 3; t++) if (s != t) assertEquals(0, h[s][t], tol, "cross term " + s + "," + t);
            } finally {
                HostProblem.close(params);
            }
        }
    }

    @Test
    void refreshSummariesIncludeCrossGroupTerms() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(8), 5);  // one dense block: coupled tensors
        double[] x0 = {1, 2, -1, 0.5, 0.3};
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, x0, new String[] {"p", "q"}, new int[][] {{2}, {3}});
        List<RefreshRecord> log = new ArrayList<>();
        try (GroupedNewton<Object> gn = GroupedNewton.builder(params, q.objective(true), () -> null)
                .sgdDirection(0.5, 0).period(1).window(1).warmupRefreshes(1).listener(log::add).build()) {
            gn.step(null);
            RefreshRecord r = log.get(0);
            assertTrue(r.warmup());
            assertNull(r.rates());
            double[] g = new double[5];
            q.gradient(x0, null, g);
            double[] u0 = {0.5 * g[0], 0.5 * g[1], 0, 0, 0}, u1 = {0, 0, 0.5 * g[2], 0.5 * g[3], 0.5 * g[4]};
            double[] au1 = new double[5], au0 = new double[5];
            q.hessianVector(x0, null, u1, au1);
            q.hessianVector(x0, null, u0, au0);
            assertEquals(dot(u0, au1, 0, 5), r.hBar()[0][1], 1e-12);
            assertEquals(dot(u0, au0, 0, 5), r.hBar()[0][0], 1e-12);
            assertEquals(dot(u1, au1, 0, 5), r.hBar()[1][1], 1e-12);
            assertEquals(dot(u0, g, 0, 5), r.gBar()[0], 1e-12);
            assertEquals(0, r.third()[0], 1e-9);
            gn.step(null);
            assertFalse(log.get(1).warmup());
            assertEquals(2, log.get(1).rates().length);
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void thirdOrderDirectionalDerivativesByDifferencesMatchTheExactValue() {
        Problems.Rosenbrock f = new Problems.Rosenbrock(3);
        double[] x = {0.3, -0.7, 1.1}, u = {0.2, -0.5, 0.4};
        double exact = 0;
        for (int i = 0; i < 2; i++) exact += -1200 * u[i] * u[i] * (u[i + 1] - 2 * x[i] * u[i]);
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, x, new String[] {"x"}, new int[][] {{3}});
        ParameterSet dir = HostProblem.upload(CPU, Precision.F64, u, new String[] {"x"}, new int[][] {{3}});
        try (DirectionalDerivatives<Object> withHvp = DirectionalDerivatives.of(f.objective(true), params);
             DirectionalDerivatives<Object> gradOnly = DirectionalDerivatives.of(f.objective(false), params)) {
            assertEquals(exact, withHvp.thirdDirectional(params.buffers(), null, dir.buffers(), Double.NaN), 1e-8 * Math.abs(exact));
            assertEquals(exact, gradOnly.thirdDirectional(params.buffers(), null, dir.buffers(), Double.NaN), 1e-5 * Math.abs(exact));
            // the finite-difference HVP against the exact one
            TensorList out = params.allocateLike();
            try (out) {
                gradOnly.hessianVector(params.buffers(), null, dir.buffers(), out.buffers());
                double[] expected = new double[3];
                f.hessianVector(x, null, u, expected);
                assertArrayEquals(expected, HostProblem.gather(out.buffers()), 1e-8 * 400);
            }
        } finally {
            HostProblem.close(params);
            HostProblem.close(dir);
        }
    }

    @Test
    void convergesOnRosenbrock() {
        Problems.Rosenbrock f = new Problems.Rosenbrock(2);
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[] {-1.2, 1}, new String[] {"x", "y"}, new int[][] {{1}, {1}});
        try (GroupedNewton<Object> gn = GroupedNewton.builder(params, f.objective(true), () -> null)
                .sgdDirection(1e-3, 0.9).period(1).lambda1(0.5).lambdaInt(1).build()) {
            for (int k = 0; k < 3000; k++) gn.step(null);
            double[] x = HostProblem.gather(params.buffers());
            assertTrue(f.value(x, null) < 1e-6, "Rosenbrock end point " + java.util.Arrays.toString(x));
        } finally {
            HostProblem.close(params);
        }
    }

    /** Full-batch gradients, curvature summaries on separate minibatches of 100. */
    @Test
    void convergesOnLogisticRegression() {
        Random rnd = new Random(31);
        Problems.Logistic f = new Problems.Logistic(rnd, 400, 4, 0.01);
        double[] opt = f.optimum();
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[5], new String[] {"fc.weight", "fc.bias"}, new int[][] {{4}, {1}});
        try (GroupedNewton<int[]> gn = GroupedNewton.builder(params, f.objective(true), () -> AliceTest.minibatch(rnd, 400, 100))
                .partition(Partition.weightsBiases(params)).sgdDirection(1, 0.9).period(2).lambda1(0.1).build()) {
            for (int k = 0; k < 600; k++) gn.step(null);
            double[] x = HostProblem.gather(params.buffers());
            double gap = f.value(x, null) - f.value(opt, null);
            assertTrue(gap < 1e-4, "loss gap to the optimum " + gap);
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void convergesWithTheAdamDirection() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(14), 3, 4);
        double[] x0 = {1, -1, 2, 0.5, -2, 1, 0};
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, x0, new String[] {"a", "b"}, new int[][] {{3}, {4}});
        try (GroupedNewton<Object> gn = GroupedNewton.builder(params, q.objective(true), () -> null)
                .adamDirection(0.01, 0.9, 0.999, 1e-8).period(2).lambda1(0.3).build()) {
            double start = q.value(x0, null);
            for (int k = 0; k < 400; k++) gn.step(null);
            double end = q.value(HostProblem.gather(params.buffers()), null);
            assertTrue(end < 1e-6 * start, "quadratic " + start + " -> " + end);
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
        try (GroupedNewton<int[]> gn = GroupedNewton.builder(params, f.objective(true), () -> null)
                .sgdDirection(1, 0.9).period(2).lambda1(0.1).build()) {
            double start = f.value(x0, null);
            for (int k = 0; k < 1500; k++) gn.step(null);
            double end = f.value(HostProblem.gather(params.buffers()), null);
            assertTrue(end < 1e-3 * start && end < 1e-4, "MLP loss " + start + " -> " + end);
        } finally {
            HostProblem.close(params);
        }
    }

    /** Batch "A" trains towards c_A = (1, 1), the curvature batch "B" towards c_B = (1, −1). */
    private static GradientOracle<String> twoTargets() {
        return (at, batch, g) -> {
            double[] x = HostProblem.gather(at), c = batch.equals("A") ? new double[] {1, 1} : new double[] {1, -1};
            double[] grad = {x[0] - c[0], x[1] - c[1]};
            HostProblem.scatter(grad, g);
            return 0.5 * (grad[0] * grad[0] + grad[1] * grad[1]);
        };
    }

    @Test
    void negativeRatesAreZeroedWhenApplied() {
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[] {0, 0}, new String[] {"p", "q"}, new int[][] {{1}, {1}});
        try (GroupedNewton<String> gn = GroupedNewton.builder(params, Objective.of(twoTargets()), () -> "B")
                .sgdDirection(1, 0).period(1).window(1).warmupRefreshes(0).lambdaInt(0).lambda1(0.5).build()) {
            gn.step("A");
            // u = ∇L_A(0) = (−1, −1); ḡ = u·∇L_B(0) = (1, −1); H̄ = I: η = (1, −1), applied (1, 0)
            assertArrayEquals(new double[] {1, -1}, gn.lastRefresh().solution().rates(), 1e-12);
            assertArrayEquals(new double[] {1, 0}, gn.rates(), 1e-12);
            assertArrayEquals(new double[] {0.5, 0}, HostProblem.gather(params.buffers()), 1e-12);
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void momentumOnTheRatesMixesSuccessiveSolutions() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(12), 2, 3);
        double[] x0 = {0.4, -1, 2, 0.3, -0.7};
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, x0, new String[] {"p", "q"}, new int[][] {{2}, {3}});
        List<RefreshRecord> log = new ArrayList<>();
        try (GroupedNewton<Object> gn = GroupedNewton.builder(params, q.objective(true), () -> null).sgdDirection(1, 0.5)
                .period(1).window(1).warmupRefreshes(0).lambda1(0.3).rateMomentum(0.25).listener(log::add).build()) {
            gn.step(null);
            gn.step(null);
            double[] first = log.get(0).rates(), fresh = log.get(1).solution().rates(), second = log.get(1).rates();
            assertArrayEquals(log.get(0).solution().rates(), first, 1e-15, "no momentum on the first solve");
            for (int s = 0; s < 2; s++) assertEquals(Math.max(0, 0.25 * first[s] + 0.75 * fresh[s]), second[s], 1e-14);
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void lambda1IsHalvedOnPlateaus() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(2), 2);
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[] {1, 1}, new String[] {"w"}, new int[][] {{2}});
        try (GroupedNewton<Object> gn = GroupedNewton.builder(params, q.objective(true), () -> null).lambda1(0.3)
                .plateau(new PlateauHalving(2, 1e-4, 0, 0.5, 0)).build()) {
            assertEquals(0.3, gn.reportLoss(1.0));
            assertEquals(0.3, gn.reportLoss(0.5));
            assertEquals(0.3, gn.reportLoss(0.5));
            assertEquals(0.3, gn.reportLoss(0.5));
            assertEquals(0.15, gn.reportLoss(0.5), 1e-15);
        } finally {
            HostProblem.close(params);
        }
    }

    @Test
    void checkpointResumeReproducesTheTrajectory() {
        Random rnd = new Random(9);
        Problems.Mlp f = new Problems.Mlp(rnd, 16, 2, 3, 1);
        double[] x0 = f.initial(rnd, 1.0);
        ParameterSet a = HostProblem.upload(CPU, Precision.F64, x0, f.names(), f.shapes());
        ParameterSet b = HostProblem.upload(CPU, Precision.F64, x0, f.names(), f.shapes());
        try (GroupedNewton<int[]> first = GroupedNewton.builder(a, f.objective(false), () -> null).period(3).adamDirection(0.01, 0.9, 0.999, 1e-8).build();
             GroupedNewton<int[]> second = GroupedNewton.builder(b, f.objective(false), () -> null).period(3).adamDirection(0.01, 0.9, 0.999, 1e-8).build()) {
            for (int k = 0; k < 14; k++) first.step(null);
            byte[] state = first.saveState();
            HostProblem.scatter(HostProblem.gather(a.buffers()), b.buffers());
            second.restoreState(state);
            for (int k = 0; k < 8; k++) {
                first.step(null);
                second.step(null);
            }
            assertArrayEquals(HostProblem.gather(a.buffers()), HostProblem.gather(b.buffers()), 0);
            assertArrayEquals(first.rates(), second.rates(), 0);
        } finally {
            HostProblem.close(a);
            HostProblem.close(b);
        }
    }

    @Test
    void badInputIsRejectedWithItsName() {
        Problems.Quadratic q = Problems.Quadratic.blockDiagonal(new Random(2), 2);
        ParameterSet params = HostProblem.upload(CPU, Precision.F64, new double[] {1, 1}, new String[] {"w"}, new int[][] {{2}});
        try {
            AliceTest.assertMessage("period", () -> GroupedNewton.builder(params, q.objective(true), () -> null).period(0).build());
            AliceTest.assertMessage("lambda1", () -> GroupedNewton.builder(params, q.objective(true), () -> null).lambda1(0).build());
            AliceTest.assertMessage("lambdaInt", () -> GroupedNewton.builder(params, q.objective(true), () -> null).lambdaInt(-1).build());
            AliceTest.assertMessage("rateMomentum", () -> GroupedNewton.builder(params, q.objective(true), () -> null).rateMomentum(1).build());
            AliceTest.assertMessage("curvatureBatches", () -> GroupedNewton.builder(params, q.objective(true), null).build());
            AliceTest.assertMessage("momentum", () -> GroupedNewton.builder(params, q.objective(true), () -> null).sgdDirection(1, 1.5).build());
            GradientOracle<Object> inf = (at, batch, g) -> {
                CPU.fill(g.get(0), Double.POSITIVE_INFINITY);
                return 0;
            };
            try (GroupedNewton<Object> gn = GroupedNewton.builder(params, Objective.of(inf), () -> null).build()) {
                AliceTest.assertMessage("'w'", () -> gn.step(null));
            }
        } finally {
            HostProblem.close(params);
        }
    }
}
