package org.newton4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.TwiceDifferentiableLoss;

class BatchLossTest {
    /** ℓ(y_i) = Σ_j c_j y_ij² / 2 with c = (1, 2, 3): gradient c⊙y, Hessian diag(c). */
    private static final TwiceDifferentiableLoss WEIGHTED_SQUARES = new TwiceDifferentiableLoss() {
        @Override public int dimension() { return 3; }
        @Override public boolean providesHessian() { return false; }

        @Override
        public void evaluate(LossBatch batch, LossOutputs outputs) {
            Backend b = batch.y().backend();
            double[] y = b.toDoubles(batch.y()), v = new double[batch.size()], g = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                double c = i % 3 + 1;
                v[i / 3] += c * y[i] * y[i] / 2;
                g[i] = c * y[i];
            }
            b.write(outputs.values(), 0, v, 0, v.length);
            b.write(outputs.gradient(), 0, g, 0, g.length);
        }

        @Override
        public void hessianVectorProduct(LossBatch batch, DeviceBuffer v, DeviceBuffer out) {
            Backend b = v.backend();
            double[] x = b.toDoubles(v);
            for (int i = 0; i < x.length; i++) x[i] *= i % 3 + 1;
            b.write(out, 0, x, 0, x.length);
        }
    };

    @Test
    void meanOfAveragesValuesGradientsAndHvpsOverRows() {
        Backend cpu = CpuBackend.shared();
        CurvedBatchLoss mean = BatchLoss.meanOf(WEIGHTED_SQUARES);
        try (DeviceBuffer y = cpu.upload(Precision.F64, new double[] {1, 1, 1, 2, 0, -1});
             DeviceBuffer t = cpu.upload(new int[6]);
             DeviceBuffer g = cpu.allocate(Precision.F64, 6);
             DeviceBuffer v = cpu.upload(Precision.F64, new double[] {1, 0, 2, 0, 1, 1});
             DeviceBuffer hv = cpu.allocate(Precision.F64, 6)) {
            // row values 3 and 3.5 -> mean 3.25
            assertEquals(3.25, mean.evaluate(y, t, 2, 3, g), 1e-15);
            assertArrayEquals(new double[] {0.5, 1, 1.5, 1, 0, -1.5}, cpu.toDoubles(g), 1e-15);
            mean.hessianVectorProduct(y, t, 2, 3, v, hv);
            assertArrayEquals(new double[] {0.5, 0, 3, 0, 1, 1.5}, cpu.toDoubles(hv), 1e-15);
            assertThrows(IllegalArgumentException.class, () -> mean.evaluate(y, t, 3, 2, g));
        }
    }

    /**
     * The Newton seam the training loop uses: with curvature diag(c), the per-sample Hessian Newton
     * loss backpropagates (y − z*)/N = c⊙y / ((c + λ) N) and reports the plain batch mean; as λ grows,
     * λ times its gradient tends to the plain gradient (what a large λ gives under Adam).
     */
    @Test
    void newtonBackpropagatesTheScaledNewtonStepAndReportsThePlainLoss() {
        Backend cpu = CpuBackend.shared();
        double[] yv = {1, 1, 1, 2, 0, -1};
        try (DeviceBuffer y = cpu.upload(Precision.F64, yv);
             DeviceBuffer t = cpu.upload(new int[6]);
             DeviceBuffer g = cpu.allocate(Precision.F64, 6)) {
            for (double lambda : new double[] {0.5, 1e8}) {
                BatchLoss newton = BatchLoss.newton(org.newton4j.loss.NewtonLoss.of(WEIGHTED_SQUARES)
                        .curvature(org.newton4j.loss.Curvature.HESSIAN).scope(org.newton4j.loss.Scope.SAMPLE).lambda(lambda).build());
                assertEquals(3.25, newton.evaluate(y, t, 2, 3, g), 1e-15, "the reported value is the plain batch mean");
                double[] expected = new double[6], plainTimesInverseLambda = new double[6];
                for (int i = 0; i < 6; i++) {
                    double c = i % 3 + 1;
                    expected[i] = c * yv[i] / (c + lambda) / 2;
                    plainTimesInverseLambda[i] = c * yv[i] / 2 / lambda;
                }
                assertArrayEquals(expected, cpu.toDoubles(g), 1e-15 / Math.min(1, lambda), "λ = " + lambda);
                if (lambda > 1e6) assertArrayEquals(plainTimesInverseLambda, cpu.toDoubles(g), 1e-7 / lambda, "λ → ∞");
            }
        }
    }
}
