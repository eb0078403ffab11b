package org.newton4j.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/** Philox known answers, and the estimators' unbiasedness and variance where the expectation is known. */
class StochasticShortestPathTest {

    @Test
    void philoxMatchesTheRandom123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, Philox.block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, Philox.block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void noiseMomentsAreRight() {
        int n = 200_000;
        double sum = 0, sq = 0;
        int cauchyInside = 0;
        for (int i = 0; i < n; i++) {
            double z = Noise.GAUSSIAN.sample(42, 0, i / 1000, i % 1000);
            sum += z;
            sq += z * z;
            if (Math.abs(Noise.CAUCHY.sample(42, 1, i / 1000, i % 1000)) < 1) cauchyInside++;
        }
        assertEquals(0, sum / n, 0.01);
        assertEquals(1, sq / n, 0.015);
        assertEquals(0.5, (double) cauchyInside / n, 0.01);   // P(|Cauchy| < 1) = 1/2
    }

    /** Gaussian, linear f(x) = aᵀx: E[f(c+εZ)] = aᵀc, gradient a, Hessian 0 — for every baseline. */
    @Test
    void estimatorsAreUnbiasedForALinearFunction() {
        int m = 3;
        double[] a = {0.7, -1.2, 0.4}, c = {1, 2, 3};
        for (Noise noise : new Noise[] {Noise.GAUSSIAN}) {
            for (Baseline baseline : Baseline.values()) {
                ScoreFunctionEstimator est = new ScoreFunctionEstimator(noise, 0.5, baseline);
                int reps = 4000, samples = 10;
                double[] gradMean = new double[m], hessMean = new double[m * m];
                for (int rep = 0; rep < reps; rep++) {
                    double[] z = new double[samples * m], f = new double[samples];
                    for (int s = 0; s < samples; s++) {
                        for (int e = 0; e < m; e++) z[s * m + e] = noise.sample(rep, 0, s, e);
                        for (int e = 0; e < m; e++) f[s] += a[e] * (c[e] + 0.5 * z[s * m + e]);
                    }
                    double fc = 0;
                    for (int e = 0; e < m; e++) fc += a[e] * c[e];
                    double[] cen = est.centred(f, samples, 1, new double[] {fc});
                    double[] g = est.jacobian(cen, z, samples, 1, m), h = est.hessian(cen, z, samples, 1, 0, m);
                    for (int e = 0; e < m; e++) gradMean[e] += g[e] / reps;
                    for (int e = 0; e < m * m; e++) hessMean[e] += h[e] / reps;
                }
                for (int e = 0; e < m; e++)
                    assertEquals(a[e], gradMean[e], 0.08, noise + " " + baseline + " gradient " + e);
                for (int e = 0; e < m * m; e++)
                    assertEquals(0, hessMean[e], noise == Noise.GAUSSIAN ? 0.2 : 0.12, noise + " " + baseline + " hessian " + e);
            }
        }
    }

    /**
     * Cauchy (a linear f has no mean under it): f(x) = 1/(1+x²) is π times the unit Cauchy density, so
     * E[f(c+εZ)] = (1+ε)/((1+ε)² + c²) in closed form, with its first and second derivatives.
     */
    @Test
    void cauchyEstimatorsAreUnbiasedForAPoissonKernel() {
        double c = 0.8, eps = 0.5, s1 = 1 + eps, den = s1 * s1 + c * c;
        double grad = -2 * c * s1 / (den * den), hess = s1 * (6 * c * c - 2 * s1 * s1) / (den * den * den);
        for (Baseline baseline : Baseline.values()) {
            ScoreFunctionEstimator est = new ScoreFunctionEstimator(Noise.CAUCHY, eps, baseline);
            int reps = 6000, samples = 10;
            double g = 0, h = 0;
            for (int rep = 0; rep < reps; rep++) {
                double[] z = new double[samples], f = new double[samples];
                for (int s = 0; s < samples; s++) {
                    z[s] = Noise.CAUCHY.sample(rep, 3, s, 0);
                    double x = c + eps * z[s];
                    f[s] = 1 / (1 + x * x);
                }
                double[] cen = est.centred(f, samples, 1, new double[] {1 / (1 + c * c)});
                g += est.jacobian(cen, z, samples, 1, 1)[0] / reps;
                h += est.hessian(cen, z, samples, 1, 0, 1)[0] / reps;
            }
            assertEquals(grad, g, 0.01, baseline + " gradient");
            assertEquals(hess, h, 0.03, baseline + " hessian");
        }
    }

    @Test
    void varianceFallsWithTheNumberOfSamples() {
        int m = 4;
        double[] a = {1, -1, 0.5, 2};
        ScoreFunctionEstimator est = new ScoreFunctionEstimator(Noise.GAUSSIAN, 0.3, Baseline.LEAVE_ONE_OUT);
        double[] variance = new double[3];
        int[] counts = {3, 10, 30};
        for (int k = 0; k < 3; k++) {
            int samples = counts[k], reps = 1500;
            double sum = 0, sq = 0;
            for (int rep = 0; rep < reps; rep++) {
                double[] z = new double[samples * m], f = new double[samples];
                for (int s = 0; s < samples; s++)
                    for (int e = 0; e < m; e++) {
                        z[s * m + e] = Noise.GAUSSIAN.sample(7, rep, s, e);
                        f[s] += a[e] * (1 + 0.3 * z[s * m + e]);
                    }
                double g0 = est.jacobian(est.centred(f, samples, 1, null), z, samples, 1, m)[0];
                sum += g0;
                sq += g0 * g0;
            }
            variance[k] = sq / reps - (sum / reps) * (sum / reps);
        }
        assertTrue(variance[1] < 0.6 * variance[0] && variance[2] < 0.6 * variance[1],
                "variance should fall with samples: " + java.util.Arrays.toString(variance));
    }

    @Test
    void sameSeedSameDrawsAndResults() {
        StochasticShortestPath op = StochasticShortestPath.builder().grid(4, 4).samples(10).epsilon(0.5).seed(9).build();
        Random r = new Random(1);
        double[] cost = new double[2 * 16], truth = new double[2 * 16];
        for (int i = 0; i < cost.length; i++) cost[i] = 0.5 + r.nextDouble();
        double[] exact = new ShortestPath(4, 4).solve(cost, Precision.F64);
        System.arraycopy(exact, 0, truth, 0, truth.length);
        StochasticShortestPath.Estimate e1 = op.perturbedOptimizer(CpuBackend.shared(), Precision.F64, cost, truth);
        StochasticShortestPath.Estimate e2 = op.perturbedOptimizer(CpuBackend.shared(), Precision.F64, cost, truth);
        assertArrayEquals(e1.path(), e2.path());
        assertArrayEquals(e1.hessian(), e2.hessian());
        // ŷ_ε is a mean of 0/1 indicators that always include the source and the target
        for (int i = 0; i < 2; i++) {
            assertEquals(1, e1.path()[i * 16], 1e-12);
            assertEquals(1, e1.path()[i * 16 + 15], 1e-12);
        }
        // Fenchel-Young: non-negative, gradient y_true − ŷ, Hessian symmetric with a non-negative diagonal on average
        for (int i = 0; i < 2; i++) assertTrue(e1.loss()[i] >= -1e-12, "FY loss " + e1.loss()[i]);
        for (int v = 0; v < 32; v++) assertEquals(truth[v] - e1.path()[v], e1.gradient()[v], 1e-15);
        StochasticShortestPath.Estimate other = op.withSeed(10).perturbedOptimizer(CpuBackend.shared(), Precision.F64, cost, truth);
        assertTrue(!java.util.Arrays.equals(e1.hessian(), other.hessian()), "another seed must give other draws");
    }

    @Test
    void smoothingOfTheLossAndOfTheAlgorithmRun() {
        StochasticShortestPath op = StochasticShortestPath.builder().grid(3, 3).samples(30).epsilon(0.3).seed(3)
                .baseline(Baseline.F_OF_C).build();
        double[] cost = {1, 2, 1, 1, 3, 1, 2, 1, 1}, truth = new ShortestPath(3, 3).solve(cost, Precision.F64);
        StochasticShortestPath.Estimate l = op.smoothLoss(CpuBackend.shared(), Precision.F64, cost, truth);
        StochasticShortestPath.Estimate a = op.smoothAlgorithm(CpuBackend.shared(), Precision.F64, cost, truth);
        assertTrue(l.loss()[0] >= 0 && l.loss()[0] < 0.5);
        assertEquals(9, l.gradient().length);
        assertEquals(81, a.hessian().length);
        for (int i = 0; i < 9; i++) for (int j = 0; j < 9; j++)
            assertEquals(l.hessian()[i * 9 + j], l.hessian()[j * 9 + i], 1e-12, "smoothed loss Hessian symmetry");
    }

    @Test
    void badParametersAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StochasticShortestPath.builder().grid(3, 3).samples(1).build())
                .getMessage().startsWith("samples"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StochasticShortestPath.builder().grid(3, 3).epsilon(0).build())
                .getMessage().startsWith("epsilon"));
        StochasticShortestPath op = StochasticShortestPath.builder().grid(2, 2).build();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> op.smoothLoss(CpuBackend.shared(), Precision.F64, new double[] {1, -1, 1, 1}, new double[] {1, 0, 0, 1}))
                .getMessage().startsWith("cost"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> op.smoothLoss(CpuBackend.shared(), Precision.F64, new double[] {1, 1, 1, 1}, new double[] {1, 0.5, 0, 1}))
                .getMessage().startsWith("truth"));
    }

    @Test
    void lossAdapterWritesTheEstimates() {
        StochasticShortestPath op = StochasticShortestPath.builder().grid(3, 3).samples(10).epsilon(0.4).seed(5).build();
        StochasticPathLoss loss = new StochasticPathLoss(op, StochasticPathLoss.Method.PERTURBED_OPTIMIZER);
        CpuBackend cpu = CpuBackend.shared();
        double[] cost = {1, 2, 1, 1, 3, 1, 2, 1, 1}, truth = new ShortestPath(3, 3).solve(cost, Precision.F64);
        double[] dir = {1, -1, 0.5, 0, 2, 0, 0, 1, -0.5};
        try (var y = cpu.upload(Precision.F64, cost); var t = cpu.upload(Precision.F64, truth); var v = cpu.allocate(Precision.F64, 1);
             var g = cpu.allocate(Precision.F64, 9); var h = cpu.allocate(Precision.F64, 81); var d = cpu.upload(Precision.F64, dir);
             var hv = cpu.allocate(Precision.F64, 9)) {
            org.newton4j.loss.LossBatch batch = new org.newton4j.loss.LossBatch(y, t, 1);
            loss.evaluate(batch, new org.newton4j.loss.LossOutputs(v, g, h));
            loss.hessianVectorProduct(batch, d, hv);
            StochasticShortestPath.Estimate e = op.perturbedOptimizer(cpu, Precision.F64, cost, truth);
            assertArrayEquals(e.gradient(), cpu.toDoubles(g));
            assertArrayEquals(e.hessian(), cpu.toDoubles(h));
            double[] hvp = cpu.toDoubles(hv);
            for (int a = 0; a < 9; a++) {
                double s = 0;
                for (int b = 0; b < 9; b++) s += e.hessian()[a * 9 + b] * dir[b];
                assertEquals(s, hvp[a], 1e-12);
            }
            loss.reseed(6);
            loss.evaluate(batch, new org.newton4j.loss.LossOutputs(null, null, h));
            assertTrue(!java.util.Arrays.equals(e.hessian(), cpu.toDoubles(h)), "reseed draws anew");
        }
    }
}
