package org.newton4j.bench;

import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.loss.SoftmaxCrossEntropy;
import org.newton4j.loss.TwiceDifferentiableLoss;

/** The losses the benchmarks evaluate, by name, with random inputs on a backend. */
final class BenchLosses {
    private BenchLosses() { }

    record Subject(TwiceDifferentiableLoss loss, DeviceBuffer y, DeviceBuffer targets) { }

    static Subject create(String name, int n, int batch, Backend be, Precision p, Random rnd) {
        double[] y = new double[batch * n];
        for (int i = 0; i < y.length; i++) y[i] = rnd.nextGaussian();
        switch (name) {
            case "cross_entropy": {
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) labels[i] = rnd.nextInt(n);
                return new Subject(new SoftmaxCrossEntropy(n), be.upload(p, y), be.upload(labels));
            }
            default:
                throw new IllegalArgumentException("loss: unknown benchmark loss '" + name + "'");
        }
    }
}
