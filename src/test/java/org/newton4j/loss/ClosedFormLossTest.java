package org.newton4j.loss;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/** MSE, softmax cross-entropy and the test's own quartic loss against finite differences (float64, CPU). */
class ClosedFormLossTest {
    private final CpuBackend cpu = new CpuBackend();

    @Test
    void meanSquaredErrorDerivatives() {
        Random rnd = new Random(1);
        int n = 4, m = 5;
        double[] y = new double[n * m], t = new double[n * m];
        for (int i = 0; i < y.length; i++) { y[i] = rnd.nextGaussian(); t[i] = rnd.nextGaussian(); }
        try (DeviceBuffer tb = cpu.upload(Precision.F64, t)) {
            LossDerivativeCheck.check(new MeanSquaredError(m), cpu, y, tb, n, 1e-5, 1e-8);
        }
    }

    @Test
    void softmaxCrossEntropyDerivatives() {
        Random rnd = new Random(2);
        int n = 5, m = 6;
        double[] y = new double[n * m];
        int[] labels = new int[n];
        for (int i = 0; i < y.length; i++) y[i] = 3 * rnd.nextGaussian();
        for (int i = 0; i < n; i++) labels[i] = rnd.nextInt(m);
        try (DeviceBuffer lb = cpu.upload(labels)) {
            LossDerivativeCheck.check(new SoftmaxCrossEntropy(m), cpu, y, lb, n, 1e-5, 1e-7);
        }
    }

    @Test
    void quarticTestLossDerivatives() {
        Random rnd = new Random(3);
        int n = 3, m = 4;
        double[] a = {0.5, 1, 1.5, 2};
        double[] b = org.newton4j.linalg.SymmetricMatrices.withSpectrum(new double[] {-1, 2, 3, 0.5}, rnd);
        double[] y = new double[n * m], c = new double[n * m];
        for (int i = 0; i < y.length; i++) { y[i] = rnd.nextGaussian(); c[i] = rnd.nextGaussian(); }
        try (DeviceBuffer cb = cpu.upload(Precision.F64, c)) {
            LossDerivativeCheck.check(new QuarticLoss(a, b, true), cpu, y, cb, n, 1e-5, 1e-8);
        }
    }
}
