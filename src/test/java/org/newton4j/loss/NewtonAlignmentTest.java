package org.newton4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.sort.RankingLoss;

class NewtonAlignmentTest {
    private static final Backend CPU = CpuBackend.shared();

    private static double cosine(NewtonLoss newton, double[] y, double[] targets, int rows) {
        try (DeviceBuffer yb = CPU.upload(Precision.F64, y); DeviceBuffer tb = CPU.upload(Precision.F64, targets)) {
            return NewtonAlignment.cosine(newton, new LossBatch(yb, tb, rows));
        }
    }

    @Test
    void theCosineOfARangeOfTwoVectors() {
        double[] d = {1, 0, 0, 3, 4}, g = {1, 1, 0, 0, 2};
        assertEquals(1 / Math.sqrt(2), NewtonAlignment.cosine(d, g, 0, 2), 1e-15);
        assertEquals(8 / (5 * 2.0), NewtonAlignment.cosine(d, g, 3, 5), 1e-15);   // (3,4)·(0,2) / (5·2)
        assertTrue(Double.isNaN(NewtonAlignment.cosine(d, g, 2, 3)), "a zero part has no direction");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NewtonAlignment.cosine(d, g, 3, 6));
        assertTrue(e.getMessage().contains("[3, 6)") && e.getMessage().contains("lengths 5 and 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NewtonAlignment.cosine(d, new double[4], 0, 4));
    }

    @Test
    void anIsotropicHessianOnlyRescalesTheGradient() {
        // MSE's Hessian is 2I/m for every sample, so (H + λI)⁻¹g ∥ g over the whole batch
        double[] y = {1, -2, 0.5, 3, 0, 1}, t = {0, 0, 0, 1, 1, 1};
        for (Scope scope : Scope.values())
            for (double lambda : new double[] {1e-3, 1, 1e3})
                assertEquals(1, cosine(NewtonLoss.of(new MeanSquaredError(3)).curvature(Curvature.HESSIAN).scope(scope)
                        .lambda(lambda).build(), y, t, 2), 1e-12, scope + ", λ = " + lambda);
    }

    @Test
    void thePerSampleFisherReweightsSamplesByTheirGradientNorm() {
        // two samples whose MSE gradients g_i = 2(y_i − t_i)/m differ in norm; d_i = g_i / (λ + |g_i|²)
        double[] y = {1, 0, 4, 0}, t = {0, 0, 0, 0};
        int m = 2;
        double lambda = 0.5;
        double g1 = 2.0 * 1 / m, g2 = 2.0 * 4 / m;   // each sample's gradient is (g, 0)
        double d1 = g1 / (lambda + g1 * g1), d2 = g2 / (lambda + g2 * g2);
        double expected = (d1 * g1 + d2 * g2) / Math.sqrt((d1 * d1 + d2 * d2) * (g1 * g1 + g2 * g2));
        double got = cosine(NewtonLoss.of(new MeanSquaredError(m)).curvature(Curvature.FISHER).scope(Scope.SAMPLE)
                .lambda(lambda).build(), y, t, 2);
        assertEquals(expected, got, 1e-12);
        assertTrue(got < 0.9, "the larger sample is damped, so the batch direction turns: " + got);
    }

    @Test
    void aRankingNewtonLossIsThePlainLossAtLargeLambdaAndNotAtSmall() {
        int sets = 16, n = 5;
        Random rng = new Random(7);
        double[] y = new double[sets * n];
        int[] ranks = new int[sets * n];
        for (int s = 0; s < sets; s++) {
            int[] perm = {0, 1, 2, 3, 4};
            for (int j = n - 1; j > 0; j--) {
                int k = rng.nextInt(j + 1), tmp = perm[j];
                perm[j] = perm[k];
                perm[k] = tmp;
            }
            for (int j = 0; j < n; j++) {
                ranks[s * n + j] = perm[j];
                y[s * n + j] = perm[j] + rng.nextGaussian();
            }
        }
        RankingLoss neuralSort = RankingLoss.neuralSort(1);
        try (DeviceBuffer yb = CPU.upload(Precision.F64, y); DeviceBuffer rb = CPU.upload(ranks)) {
            LossBatch batch = new LossBatch(yb, rb, sets);
            double large = NewtonAlignment.cosine(NewtonLoss.of(neuralSort.asLoss(n)).curvature(Curvature.HESSIAN)
                    .scope(Scope.SAMPLE).lambda(1e4).policy(IndefinitePolicy.ABS_EIGEN).build(), batch);
            double small = NewtonAlignment.cosine(NewtonLoss.of(neuralSort.asLoss(n)).curvature(Curvature.HESSIAN)
                    .scope(Scope.SAMPLE).lambda(1e-3).policy(IndefinitePolicy.ABS_EIGEN).build(), batch);
            assertTrue(large > 0.99999, "λ far above the curvature: a rescaled gradient, got " + large);
            assertTrue(small < 0.99, "λ below the curvature: the curvature turns the step, got " + small);
        }
    }

    @Test
    void aZeroGradientHasNoDirectionToCompare() {
        double[] y = {1, 2, 3, 4}, t = y.clone();
        assertTrue(Double.isNaN(cosine(NewtonLoss.of(new MeanSquaredError(2)).curvature(Curvature.HESSIAN).scope(Scope.SAMPLE)
                .lambda(1).build(), y, t, 2)));
    }

    @Test
    void theMessageSaysWhetherTheCurvatureCounts() {
        assertTrue(NewtonAlignment.describe(0.999).contains("0.9990") && NewtonAlignment.describe(0.999).contains("smaller λ"));
        assertTrue(NewtonAlignment.describe(0.9).contains("0.9000") && !NewtonAlignment.describe(0.9).contains("smaller λ"));
        assertTrue(NewtonAlignment.describe(Double.NaN).contains("vanished"));
    }

    @Test
    void badBatchesAreRefusedNotCompared() {
        NewtonLoss newton = NewtonLoss.of(new MeanSquaredError(2)).curvature(Curvature.HESSIAN).scope(Scope.SAMPLE).lambda(1).build();
        ArithmeticException nan = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class,
                () -> cosine(newton, new double[] {1, Double.NaN, 3, 4}, new double[4], 2));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        IllegalArgumentException shape = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> cosine(newton, new double[] {1, 2, 3}, new double[3], 2));
        assertTrue(shape.getMessage().startsWith("y") || shape.getMessage().contains("y:"), shape.getMessage());
    }
}
